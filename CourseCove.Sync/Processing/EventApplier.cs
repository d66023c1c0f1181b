using CourseCove.Sync.Events;
using Npgsql;

namespace CourseCove.Sync.Processing;

/// <summary>
/// The ordering rules: applies one Clerk event inside the caller's transaction so that any order of delivery,
/// and any number of repeats, ends in Clerk's truth. Each event first takes transaction-scoped advisory locks on
/// the ids it touches, so two events about the same user, organization or membership never interleave.
/// </summary>
internal static class EventApplier
{
    public static async Task<ApplyOutcome> ApplyAsync(
        NpgsqlConnection db, ClerkEvent evt, DateTimeOffset occurredAt, CancellationToken ct)
    {
        switch (evt)
        {
            case { User: { } user }:
                await LockAsync(db, ct, DependencyKeys.User(user.Id));
                return await UpsertUserAsync(db, user, ct);
            case { Type: ClerkEventTypes.UserDeleted, Deleted: { } deleted }:
                await LockAsync(db, ct, DependencyKeys.User(deleted.Id));
                return await DeleteUserAsync(db, deleted.Id, occurredAt, ct);
            case { Organization: { } org }:
                await LockAsync(db, ct, DependencyKeys.Organization(org.Id));
                return await UpsertOrganizationAsync(db, org, ct);
            case { Type: ClerkEventTypes.OrganizationDeleted, Deleted: { } deleted }:
                await LockAsync(db, ct, DependencyKeys.Organization(deleted.Id));
                return await DeleteOrganizationAsync(db, deleted.Id, occurredAt, ct);
            case { Membership: { } membership }:
                await LockAsync(db, ct,
                    DependencyKeys.Membership(membership.Id),
                    DependencyKeys.Organization(membership.Organization.Id),
                    DependencyKeys.User(membership.PublicUserData.UserId));
                return evt.Type == ClerkEventTypes.MembershipDeleted
                    ? await DeleteMembershipAsync(db, membership.Id, occurredAt, ct)
                    : await UpsertMembershipAsync(db, membership, ct);
            default:
                return ApplyOutcome.NoEffect;
        }
    }

    private static async Task LockAsync(NpgsqlConnection db, CancellationToken ct, params string[] keys)
    {
        // Always in the same order, so two events locking overlapping keys cannot deadlock.
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            await db.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", ct, key);
        }
    }

    private static async Task<ApplyOutcome> UpsertUserAsync(NpgsqlConnection db, ClerkUser user, CancellationToken ct)
    {
        // A deleted user is never resurrected; an older or equal updated_at never overwrites.
        var rows = await db.ExecuteAsync("""
            INSERT INTO users (id, email, first_name, last_name, username, image_url, status, created_at, updated_at, synced_at)
            VALUES ($1, $2, $3, $4, $5, $6, 'ACTIVE', $7, $8, now())
            ON CONFLICT (id) DO UPDATE SET
                email = EXCLUDED.email, first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
                username = EXCLUDED.username, image_url = EXCLUDED.image_url,
                created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, synced_at = now()
            WHERE users.status <> 'DELETED' AND users.updated_at < EXCLUDED.updated_at
            """, ct,
            user.Id, user.PrimaryEmail, user.FirstName, user.LastName, user.Username, user.ImageUrl,
            FromMs(user.CreatedAt), FromMs(user.UpdatedAt));
        return rows == 0 ? ApplyOutcome.NoEffect : Settled(DependencyKeys.User(user.Id));
    }

    private static async Task<ApplyOutcome> DeleteUserAsync(
        NpgsqlConnection db, string userId, DateTimeOffset deletedAt, CancellationToken ct)
    {
        // Clerk removes a deleted user's memberships; the row itself stays as a soft-deleted tombstone,
        // created here if the user.created never arrived.
        var memberships = await db.ExecuteAsync(
            "DELETE FROM organization_memberships WHERE user_id = $1", ct, userId);
        var rows = await db.ExecuteAsync("""
            INSERT INTO users (id, status, deleted_at, created_at, updated_at, synced_at)
            VALUES ($1, 'DELETED', $2, $2, $2, now())
            ON CONFLICT (id) DO UPDATE SET status = 'DELETED', deleted_at = EXCLUDED.deleted_at, synced_at = now()
            WHERE users.status <> 'DELETED'
            """, ct, userId, deletedAt);
        return rows + memberships == 0 ? ApplyOutcome.NoEffect : Settled(DependencyKeys.User(userId));
    }

    private static async Task<ApplyOutcome> UpsertOrganizationAsync(
        NpgsqlConnection db, ClerkOrganization org, CancellationToken ct)
    {
        var rows = await db.ExecuteAsync("""
            INSERT INTO organizations (id, name, slug, image_url, created_at, updated_at, synced_at)
            SELECT $1, $2, $3, $4, $5, $6, now()
            WHERE NOT EXISTS (SELECT 1 FROM tombstones WHERE kind = 'organization' AND id = $1)
            ON CONFLICT (id) DO UPDATE SET
                name = EXCLUDED.name, slug = EXCLUDED.slug, image_url = EXCLUDED.image_url,
                created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, synced_at = now()
            WHERE organizations.updated_at < EXCLUDED.updated_at
            """, ct,
            org.Id, org.Name, org.Slug, org.ImageUrl, FromMs(org.CreatedAt), FromMs(org.UpdatedAt));
        return rows == 0 ? ApplyOutcome.NoEffect : Settled(DependencyKeys.Organization(org.Id));
    }

    private static async Task<ApplyOutcome> DeleteOrganizationAsync(
        NpgsqlConnection db, string orgId, DateTimeOffset deletedAt, CancellationToken ct)
    {
        var tombstoned = await db.ExecuteAsync("""
            INSERT INTO tombstones (kind, id, deleted_at) VALUES ('organization', $1, $2)
            ON CONFLICT DO NOTHING
            """, ct, orgId, deletedAt);
        // Hard delete; organization_memberships cascade.
        var rows = await db.ExecuteAsync("DELETE FROM organizations WHERE id = $1", ct, orgId);
        return rows + tombstoned == 0 ? ApplyOutcome.NoEffect : Settled(DependencyKeys.Organization(orgId));
    }

    private static async Task<ApplyOutcome> UpsertMembershipAsync(
        NpgsqlConnection db, ClerkMembership membership, CancellationToken ct)
    {
        var orgId = membership.Organization.Id;
        var userId = membership.PublicUserData.UserId;

        await using (var check = db.Command("""
            SELECT EXISTS (SELECT 1 FROM tombstones WHERE kind = 'membership' AND id = $1),
                   EXISTS (SELECT 1 FROM tombstones WHERE kind = 'organization' AND id = $2),
                   EXISTS (SELECT 1 FROM organizations WHERE id = $2),
                   (SELECT status FROM users WHERE id = $3)
            """, membership.Id, orgId, userId))
        await using (var reader = await check.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            var (membershipDeleted, orgDeleted, orgStored) = (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetBoolean(2));
            var userStatus = reader.IsDBNull(3) ? null : reader.GetString(3);

            // Deleted things stay deleted: the event completes with no effect.
            if (membershipDeleted || orgDeleted || userStatus == Data.User.Deleted)
            {
                return ApplyOutcome.NoEffect;
            }

            List<string> missing = [];
            if (!orgStored) missing.Add(DependencyKeys.Organization(orgId));
            if (userStatus is null) missing.Add(DependencyKeys.User(userId));
            if (missing.Count > 0)
            {
                return new ApplyOutcome { MissingDependencies = missing };
            }
        }

        var updatedAt = FromMs(membership.UpdatedAt);

        // A user removed and re-added gets a new membership id: the newer membership owns the pair
        // (ties broken by id so every delivery order agrees).
        var holder = await db.ScalarAsync<bool?>("""
            SELECT (updated_at, id) > ($3, $4) FROM organization_memberships
            WHERE organization_id = $1 AND user_id = $2 AND id <> $4
            """, ct, orgId, userId, updatedAt, membership.Id);
        if (holder == true)
        {
            return ApplyOutcome.NoEffect;
        }

        var superseded = holder == false
            ? await db.ExecuteAsync(
                "DELETE FROM organization_memberships WHERE organization_id = $1 AND user_id = $2 AND id <> $3",
                ct, orgId, userId, membership.Id)
            : 0;

        var rows = await db.ExecuteAsync("""
            INSERT INTO organization_memberships (id, organization_id, user_id, role, created_at, updated_at, synced_at)
            VALUES ($1, $2, $3, $4, $5, $6, now())
            ON CONFLICT (id) DO UPDATE SET role = EXCLUDED.role, updated_at = EXCLUDED.updated_at, synced_at = now()
            WHERE organization_memberships.updated_at < EXCLUDED.updated_at
            """, ct, membership.Id, orgId, userId, membership.Role, FromMs(membership.CreatedAt), updatedAt);
        return rows + superseded == 0 ? ApplyOutcome.NoEffect : ApplyOutcome.ChangedRows;
    }

    private static async Task<ApplyOutcome> DeleteMembershipAsync(
        NpgsqlConnection db, string membershipId, DateTimeOffset deletedAt, CancellationToken ct)
    {
        await db.ExecuteAsync("""
            INSERT INTO tombstones (kind, id, deleted_at) VALUES ('membership', $1, $2)
            ON CONFLICT DO NOTHING
            """, ct, membershipId, deletedAt);
        var rows = await db.ExecuteAsync("DELETE FROM organization_memberships WHERE id = $1", ct, membershipId);
        return rows == 0 ? ApplyOutcome.NoEffect : ApplyOutcome.ChangedRows;
    }

    private static ApplyOutcome Settled(string key) => new() { Changed = true, SettledDependencies = [key] };

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
