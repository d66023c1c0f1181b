using Microsoft.EntityFrameworkCore.Migrations;
using static CourseCove.Sync.Data.TenantAccess;

#nullable disable

namespace CourseCove.Sync.Data.Migrations
{
    /// <inheritdoc />
    public partial class TenantRowLevelSecurity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Roles belong to the cluster, not the database: another CourseCove database may have created it already.
            migrationBuilder.Sql($"""
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{Role}') THEN
                        CREATE ROLE {Role} NOLOGIN NOBYPASSRLS;
                    END IF;
                END $$;
                GRANT {Role} TO CURRENT_USER;
                GRANT SELECT ON users, organizations, organization_memberships TO {Role};
                """);

            foreach (var table in Tables)
            {
                // Forced: the owner goes through the policies too. Any role but the tenant role sees and writes every
                // row, so the sync path (whatever role it runs as) is unaffected.
                migrationBuilder.Sql($"""
                    ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
                    ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
                    CREATE POLICY sync_all ON {table} USING (current_user <> '{Role}') WITH CHECK (current_user <> '{Role}');
                    """);
            }

            // What one request may read: the active organization and all its memberships; the signed-in user's own
            // memberships and their organizations (for /api/me); a user who is the signed-in one or a member of the
            // active organization. Unset settings match nothing.
            migrationBuilder.Sql($"""
                CREATE POLICY tenant_read ON organization_memberships FOR SELECT TO {Role} USING (
                    organization_id = current_setting('{OrganizationSetting}', true)
                    OR user_id = current_setting('{UserSetting}', true));
                CREATE POLICY tenant_read ON organizations FOR SELECT TO {Role} USING (
                    id = current_setting('{OrganizationSetting}', true)
                    OR id IN (SELECT organization_id FROM organization_memberships
                              WHERE user_id = current_setting('{UserSetting}', true)));
                CREATE POLICY tenant_read ON users FOR SELECT TO {Role} USING (
                    id = current_setting('{UserSetting}', true)
                    OR id IN (SELECT user_id FROM organization_memberships
                              WHERE organization_id = current_setting('{OrganizationSetting}', true)));
                """);
        }

        private static readonly string[] Tables = ["users", "organizations", "organization_memberships"];

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The role stays: other databases on the same server may use it.
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""
                    DROP POLICY tenant_read ON {table};
                    DROP POLICY sync_all ON {table};
                    ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;
                    ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;
                    REVOKE SELECT ON {table} FROM {Role};
                    """);
            }
        }
    }
}
