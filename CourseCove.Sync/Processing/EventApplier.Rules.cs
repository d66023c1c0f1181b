using CourseCove.Sync.Data;
using CourseCove.Sync.Events;

namespace CourseCove.Sync.Processing;

// The rules themselves, one plan per kind of event. Every write is gated on the `recorded` CTE; older or equal
// updated_at never overwrites, deleted users stay DELETED, tombstoned organizations and memberships stay gone.
internal static partial class EventApplier
{
    private const string Deleted = User.Deleted;
    private const string OrganizationTomb = Tombstone.OrganizationKind;
    private const string MembershipTomb = Tombstone.MembershipKind;

    public static ApplyPlan Plan(ClerkEvent evt, DateTimeOffset occurredAt) => evt switch
    {
        { User: { } user } => UpsertUser(user),
        { Type: ClerkEventTypes.UserDeleted, Deleted: { } deleted } => DeleteUser(deleted.Id, occurredAt),
        { Organization: { } org } => UpsertOrganization(org),
        { Type: ClerkEventTypes.OrganizationDeleted, Deleted: { } deleted } => DeleteOrganization(deleted.Id, occurredAt),
        { Membership: { } membership } => evt.Type == ClerkEventTypes.MembershipDeleted
            ? DeleteMembership(membership, occurredAt)
            : UpsertMembership(membership),
        _ => ApplyPlan.None,
    };

    private static ApplyPlan UpsertUser(ClerkUser user) => new(
        [DependencyKeys.User(user.Id)],
        [user.Id, user.PrimaryEmail, user.FirstName, user.LastName, user.Username, user.ImageUrl, FromMs(user.CreatedAt), FromMs(user.UpdatedAt)],
        $"""
        upserted AS (
            INSERT INTO users (id, email, first_name, last_name, username, image_url, status, created_at, updated_at, synced_at)
            SELECT $1, $2, $3, $4, $5, $6, '{User.Active}', $7, $8, now() FROM recorded
            ON CONFLICT (id) DO UPDATE SET
                email = EXCLUDED.email, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
                username = EXCLUDED.username, image_url = EXCLUDED.image_url,
                created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, synced_at = now()
            WHERE users.status <> '{Deleted}' AND users.updated_at < EXCLUDED.updated_at
            RETURNING 1)
        """,
        "(SELECT count(*) FROM upserted)",
        [DependencyKeys.User(user.Id)]);

    // Clerk removes a deleted user's memberships; the row stays as a soft-deleted tombstone, created here if the
    // user.created never arrived.
    private static ApplyPlan DeleteUser(string id, DateTimeOffset deletedAt) => new(
        [DependencyKeys.User(id)],
        [id, deletedAt],
        $"""
        removed AS (DELETE FROM organization_memberships WHERE user_id = $1 AND EXISTS (SELECT 1 FROM recorded) RETURNING 1),
        deleted AS (
            INSERT INTO users (id, status, deleted_at, created_at, updated_at, synced_at)
            SELECT $1, '{Deleted}', $2, $2, $2, now() FROM recorded
            ON CONFLICT (id) DO UPDATE SET status = '{Deleted}', deleted_at = EXCLUDED.deleted_at, synced_at = now()
            WHERE users.status <> '{Deleted}'
            RETURNING 1)
        """,
        "(SELECT count(*) FROM removed) + (SELECT count(*) FROM deleted)",
        [DependencyKeys.User(id)]);

    private static ApplyPlan UpsertOrganization(ClerkOrganization org) => new(
        [DependencyKeys.Organization(org.Id)],
        [org.Id, org.Name, org.Slug, org.ImageUrl, FromMs(org.CreatedAt), FromMs(org.UpdatedAt)],
        $"""
        upserted AS (
            INSERT INTO organizations (id, name, slug, image_url, created_at, updated_at, synced_at)
            SELECT $1, $2, $3, $4, $5, $6, now() FROM recorded
            WHERE NOT EXISTS (SELECT 1 FROM tombstones WHERE kind = '{OrganizationTomb}' AND id = $1)
            ON CONFLICT (id) DO UPDATE SET
                name = EXCLUDED.name, slug = EXCLUDED.slug, image_url = EXCLUDED.image_url,
                created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, synced_at = now()
            WHERE organizations.updated_at < EXCLUDED.updated_at
            RETURNING 1)
        """,
        "(SELECT count(*) FROM upserted)",
        [DependencyKeys.Organization(org.Id)]);

    // Hard delete (memberships cascade), and a tombstone so that nothing resurrects it.
    private static ApplyPlan DeleteOrganization(string id, DateTimeOffset deletedAt) => new(
        [DependencyKeys.Organization(id)],
        [id, deletedAt],
        $"""
        tombstoned AS (
            INSERT INTO tombstones (kind, id, deleted_at) SELECT '{OrganizationTomb}', $1, $2 FROM recorded
            ON CONFLICT DO NOTHING RETURNING 1),
        removed AS (DELETE FROM organizations WHERE id = $1 AND EXISTS (SELECT 1 FROM recorded) RETURNING 1)
        """,
        "(SELECT count(*) FROM tombstoned) + (SELECT count(*) FROM removed)",
        [DependencyKeys.Organization(id)]);

    private static ApplyPlan DeleteMembership(ClerkMembership membership, DateTimeOffset deletedAt) => new(
        MembershipKeys(membership),
        [membership.Id, deletedAt],
        $"""
        tombstoned AS (
            INSERT INTO tombstones (kind, id, deleted_at) SELECT '{MembershipTomb}', $1, $2 FROM recorded
            ON CONFLICT DO NOTHING RETURNING 1),
        removed AS (DELETE FROM organization_memberships WHERE id = $1 AND EXISTS (SELECT 1 FROM recorded) RETURNING 1)
        """,
        "(SELECT count(*) FROM removed)",
        []);

    private static string[] MembershipKeys(ClerkMembership m) =>
        [.. new[] { DependencyKeys.Membership(m.Id), DependencyKeys.Organization(m.Organization.Id), DependencyKeys.User(m.PublicUserData.UserId) }
            .Order(StringComparer.Ordinal)];

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
