using Microsoft.EntityFrameworkCore.Migrations;
using static CourseCove.Sync.Data.TenantAccess;

#nullable disable

namespace CourseCove.Sync.Data.Migrations
{
    /// <summary>
    /// The same policies, with <c>current_user</c> and the settings read once per statement (a scalar subquery is an
    /// InitPlan) instead of once per row: a members page checked them on every member and every user it joined.
    /// </summary>
    public partial class TenantPoliciesEvaluatedOnce : Migration
    {
        private static readonly string[] Tables = ["users", "organizations", "organization_memberships"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(Policies(
            currentUser: "(SELECT current_user)",
            setting: name => $"(SELECT current_setting('{name}', true))"));

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql(Policies(
            currentUser: "current_user",
            setting: name => $"current_setting('{name}', true)"));

        private static string Policies(string currentUser, Func<string, string> setting) =>
            string.Concat(Tables.Select(table =>
                $"ALTER POLICY sync_all ON {table} USING ({currentUser} <> '{Role}') WITH CHECK ({currentUser} <> '{Role}');\n"))
            + $"""
                ALTER POLICY tenant_read ON organization_memberships USING (
                    organization_id = {setting(OrganizationSetting)}
                    OR user_id = {setting(UserSetting)});
                ALTER POLICY tenant_read ON organizations USING (
                    id = {setting(OrganizationSetting)}
                    OR id IN (SELECT organization_id FROM organization_memberships
                              WHERE user_id = {setting(UserSetting)}));
                ALTER POLICY tenant_read ON users USING (
                    id = {setting(UserSetting)}
                    OR id IN (SELECT user_id FROM organization_memberships
                              WHERE organization_id = {setting(OrganizationSetting)}));
                """;
    }
}
