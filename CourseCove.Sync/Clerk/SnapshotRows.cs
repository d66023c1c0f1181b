using CourseCove.Sync.Events;
using CourseCove.Sync.Processing;
using Npgsql;
using static CourseCove.Sync.Clerk.ClerkSnapshotApplier;

namespace CourseCove.Sync.Clerk;

/// <summary>What a snapshot batch reads and locks before the ordering rules run, one round trip each.</summary>
internal static class SnapshotRows
{
    /// <summary>A stored row's version; <see cref="Deleted"/> for a soft-deleted user or a tombstone.</summary>
    public sealed record Stored(DateTimeOffset? UpdatedAt, bool Deleted)
    {
        /// <summary>Whether applying a snapshot of this version would change nothing: never older over newer, never resurrect.</summary>
        public bool Covers(DateTimeOffset snapshotUpdatedAt) => Deleted || UpdatedAt >= snapshotUpdatedAt;
    }

    /// <summary>
    /// Takes, in one statement and in the rules' own key order (ordinal), every lock the batch's events will take one by
    /// one: a batch then waits for others only up front, in the order every webhook takes its keys too, so a batch and
    /// concurrent webhooks (or other batches) cannot deadlock. Re-taking a held advisory lock inside the rules is immediate.
    /// </summary>
    public static Task LockAllAsync(NpgsqlConnection db, IEnumerable<ClerkEvent> events, CancellationToken ct)
    {
        var keys = events.SelectMany(KeysOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return db.ExecuteAsync("""
            SELECT pg_advisory_xact_lock(hashtextextended(key, 0)) FROM unnest($1::text[]) AS k(key)
            """, ct, (object)keys);
    }

    public static async Task<Dictionary<string, Stored>> StoredAsync(
        NpgsqlConnection db, Table table, List<ClerkEvent> events, CancellationToken ct)
    {
        var sql = table switch
        {
            Table.Users => "SELECT id, updated_at, status = 'DELETED' FROM users WHERE id = ANY($1)",
            Table.Organizations => """
                SELECT id, updated_at, false FROM organizations WHERE id = ANY($1)
                UNION ALL SELECT id, NULL, true FROM tombstones WHERE kind = 'organization' AND id = ANY($1)
                """,
            Table.Memberships => """
                SELECT id, updated_at, false FROM organization_memberships WHERE id = ANY($1)
                UNION ALL SELECT id, NULL, true FROM tombstones WHERE kind = 'membership' AND id = ANY($1)
                """,
            _ => null,
        };
        Dictionary<string, Stored> rows = new(StringComparer.Ordinal);
        if (sql is null)
        {
            return rows;
        }

        // One array parameter (not a params list of ids).
        await using var command = db.Command(sql, (object)events.Select(EventSubject.ObjectIdOf).ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var stored = new Stored(reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1), reader.GetBoolean(2));
            // A tombstone outranks a row of the same id.
            rows[reader.GetString(0)] = rows.TryGetValue(reader.GetString(0), out var seen) && seen.Deleted ? seen : stored;
        }

        return rows;
    }

    /// <summary>The keys the ordering rules lock for an event: the rules' own plan says.</summary>
    private static IEnumerable<string> KeysOf(ClerkEvent evt) => EventApplier.Plan(evt, default).LockKeys;
}
