namespace CourseCove.Sync.Data;

/// <summary>
/// How the tenant-scoped read API reaches the synced tables: as the role <see cref="Role"/>, under row-level security
/// whose policies read two transaction-local settings. The sync path (webhooks, Worker, reconciliation) keeps its own
/// role and is not affected.
/// </summary>
public static class TenantAccess
{
    /// <summary>NOLOGIN, no BYPASSRLS, SELECT on users, organizations and organization_memberships only.</summary>
    public const string Role = "coursecove_app";

    /// <summary>The signed-in user's id (the session token's <c>sub</c>).</summary>
    public const string UserSetting = "app.user_id";

    /// <summary>The active organization's id (the session token's <c>o.id</c> / <c>org_id</c>).</summary>
    public const string OrganizationSetting = "app.org_id";
}
