using CourseCove.Sync.Data;
using CourseCove.Sync.Events;

namespace CourseCove.Sync.Processing;

// A membership needs its organization and user stored; one (organization, user) pair has one membership, the newer.
internal static partial class EventApplier
{
    private static ApplyPlan UpsertMembership(ClerkMembership membership) => new(
        MembershipKeys(membership),
        [membership.Id, membership.Organization.Id, membership.PublicUserData.UserId, membership.Role,
            FromMs(membership.CreatedAt), FromMs(membership.UpdatedAt)],
        // A user removed and re-added gets a new membership id: the newer membership (ties broken by id, bytewise so
        // every database and the truth model agree) owns the pair; an older one is turned into this one.
        """
        replaced AS (
            UPDATE organization_memberships m
            SET id = $1, role = $4, created_at = $5, updated_at = $6, synced_at = now()
            FROM state, recorded
            WHERE m.organization_id = $2 AND m.user_id = $3 AND m.id <> $1 AND NOT state.moot AND NOT state.holder_newer
            RETURNING 1),
        upserted AS (
            INSERT INTO organization_memberships (id, organization_id, user_id, role, created_at, updated_at, synced_at)
            SELECT $1, $2, $3, $4, $5, $6, now() FROM state, recorded
            WHERE NOT state.moot AND cardinality(state.missing) = 0 AND state.holder_newer IS NULL
            ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, updated_at = EXCLUDED.updated_at, synced_at = now()
            WHERE organization_memberships.updated_at < EXCLUDED.updated_at
            RETURNING 1)
        """,
        "(SELECT count(*) FROM replaced) + (SELECT count(*) FROM upserted)",
        [],
        // Deleted things stay deleted (moot: completes with no effect); otherwise it waits for what is not stored yet.
        State: $"""
        state AS (
            SELECT EXISTS (SELECT 1 FROM tombstones WHERE kind = '{MembershipTomb}' AND id = $1)
                   OR EXISTS (SELECT 1 FROM tombstones WHERE kind = '{OrganizationTomb}' AND id = $2)
                   OR EXISTS (SELECT 1 FROM users WHERE id = $3 AND status = '{Deleted}') AS moot,
                   array_remove(ARRAY[
                       CASE WHEN NOT EXISTS (SELECT 1 FROM organizations WHERE id = $2) THEN '{DependencyKeys.OrganizationPrefix}' || $2 END,
                       CASE WHEN NOT EXISTS (SELECT 1 FROM users WHERE id = $3) THEN '{DependencyKeys.UserPrefix}' || $3 END], NULL) AS missing,
                   (SELECT (updated_at, id COLLATE "C") > ($6, $1 COLLATE "C") FROM organization_memberships
                    WHERE organization_id = $2 AND user_id = $3 AND id <> $1) AS holder_newer),

        """,
        Gate: "FROM state WHERE state.moot OR cardinality(state.missing) = 0",
        Missing: "(SELECT CASE WHEN moot THEN '{}'::text[] ELSE missing END FROM state)");
}
