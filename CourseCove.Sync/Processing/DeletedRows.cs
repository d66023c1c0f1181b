using CourseCove.Sync.Data;
using Npgsql;
using static CourseCove.Sync.Data.RetentionIndexes;

namespace CourseCove.Sync.Processing;

/// <summary>
/// What the ordering rules leave behind when Clerk deletes something — a soft-deleted user's row, a tombstone — and the
/// end of its life. Each statement changes at most <c>limit</c> rows in a transaction of its own, skipping locked rows.
/// </summary>
public sealed class DeletedRows(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Clears the personal columns of users deleted more than <paramref name="age"/> ago. The row stays DELETED — the
    /// rules never update a deleted user, so nothing brings the data back. Returns how many were erased.
    /// </summary>
    public async Task<int> EraseUsersAsync(TimeSpan age, int limit, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        return await db.ExecuteAsync($"""
            UPDATE users SET email = NULL, first_name = NULL, last_name = NULL, username = NULL, image_url = NULL, synced_at = now()
            WHERE id IN (
                SELECT id FROM users WHERE {UsersToErase} AND deleted_at < now() - $1
                LIMIT $2 FOR UPDATE SKIP LOCKED)
            """, ct, age, limit);
    }

    /// <summary>
    /// Drops tombstones of organizations and memberships deleted more than <paramref name="horizon"/> ago, counted from
    /// the oldest event still pending or dead-lettered with its body if that is earlier: by then Svix has stopped
    /// retrying everything sent before the deletion and nothing waits for the organization, while an event that may
    /// still be processed, replayed or revived keeps finding the tombstones it could otherwise undo.
    /// </summary>
    public async Task<int> DropTombstonesAsync(TimeSpan horizon, int limit, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        return await db.ExecuteAsync($"""
            DELETE FROM tombstones WHERE (kind, id) IN (
                SELECT kind, id FROM tombstones
                WHERE deleted_at < least(now(), (SELECT min(created_at) FROM webhook_events
                                                 WHERE status IN ('{WebhookEvent.Pending}', '{WebhookEvent.Failed}') AND payload IS NOT NULL)) - $1
                LIMIT $2 FOR UPDATE SKIP LOCKED)
            """, ct, horizon, limit);
    }
}
