using CourseCove.Sync.Processing;
using Npgsql;

namespace CourseCove.Worker.Processing;

/// <summary>The Worker's writes to <c>webhook_events</c>: parking, retry scheduling, dead-lettering, due work.</summary>
public sealed class WorkerEventStore(NpgsqlDataSource dataSource)
{
    /// <summary>Marks a pending event as waiting for dependencies; due now if they are all settled (stored or deleted) already.</summary>
    public async Task ParkAsync(string webhookId, IReadOnlyList<string> waitingFor, TimeSpan recheck, CancellationToken ct)
    {
        var users = IdsOf(waitingFor, DependencyKeys.UserPrefix);
        var orgs = IdsOf(waitingFor, DependencyKeys.OrganizationPrefix);
        await using var db = await dataSource.OpenConnectionAsync(ct);
        // The re-check closes the race with a dependency stored between our attempt and this update.
        await db.ExecuteAsync("""
            UPDATE webhook_events
            SET waiting_for = $2, updated_at = now(),
                next_attempt_at = CASE
                    WHEN (SELECT count(*) FROM users WHERE id = ANY($3)) = cardinality($3)
                     AND (SELECT count(*) FROM unnest($4::text[]) o(id) WHERE EXISTS (SELECT 1 FROM organizations WHERE id = o.id)
                            OR EXISTS (SELECT 1 FROM tombstones WHERE kind = 'organization' AND id = o.id)) = cardinality($4)
                    THEN now() ELSE now() + $5 END
            WHERE webhook_id = $1 AND status = 'pending'
            """, ct, webhookId, waitingFor.ToArray(), users, orgs, recheck);
    }

    /// <summary>Dead-letters an event: status failed, with the reason.</summary>
    public async Task DeadLetterAsync(string webhookId, string error, bool countAttempt, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        await db.ExecuteAsync("""
            UPDATE webhook_events
            SET status = 'failed', last_error = $2, attempts = attempts + $3, next_attempt_at = NULL, updated_at = now()
            WHERE webhook_id = $1 AND status = 'pending'
            """, ct, webhookId, Truncate(error), countAttempt ? 1 : 0);
    }

    /// <summary>Counts a failed attempt; returns the attempts so far (0 when the event is no longer pending).</summary>
    public async Task<int> RecordFailureAsync(string webhookId, string error, Func<int, TimeSpan> backoff, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        var attempts = await db.ScalarAsync<int>("""
            UPDATE webhook_events SET attempts = attempts + 1, last_error = $2, updated_at = now()
            WHERE webhook_id = $1 AND status = 'pending'
            RETURNING attempts
            """, ct, webhookId, Truncate(error));
        if (attempts > 0)
        {
            await db.ExecuteAsync("UPDATE webhook_events SET next_attempt_at = now() + $2 WHERE webhook_id = $1",
                ct, webhookId, backoff(attempts));
        }

        return attempts;
    }

    /// <summary>
    /// Claims pending events that are due (back-off over, parked re-check, or a hand-off whose stream entry was lost)
    /// by pushing their lease forward, so concurrent Workers never claim the same ones.
    /// </summary>
    public async Task<List<ReceivedWebhook>> ClaimDueAsync(int limit, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        return await ReadWebhooksAsync(db.Command("""
            UPDATE webhook_events SET next_attempt_at = now() + $2, updated_at = now()
            WHERE id IN (
                SELECT id FROM webhook_events
                WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                ORDER BY next_attempt_at NULLS FIRST
                LIMIT $1
                FOR UPDATE SKIP LOCKED)
            RETURNING webhook_id, event_type, payload::text, created_at, trace_parent
            """, limit, HandOff.Lease), ct);
    }

    /// <summary>
    /// Makes parked events that wait for any of these keys due now, leased so a lost enqueue comes round again;
    /// returns them. <c>waiting_for</c> stays until the event completes or parks anew, so an announcement racing
    /// with a re-park still finds it (at worst one extra, harmless duplicate attempt).
    /// </summary>
    public async Task<List<ReceivedWebhook>> WakeWaitingAsync(IReadOnlyList<string> storedKeys, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        return await ReadWebhooksAsync(db.Command("""
            UPDATE webhook_events SET next_attempt_at = now() + $2, updated_at = now()
            WHERE status = 'pending' AND waiting_for && $1
            RETURNING webhook_id, event_type, payload::text, created_at, trace_parent
            """, storedKeys.ToArray(), HandOff.Lease), ct);
    }

    private static async Task<List<ReceivedWebhook>> ReadWebhooksAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using (command)
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            var webhooks = new List<ReceivedWebhook>();
            while (await reader.ReadAsync(ct))
            {
                webhooks.Add(new ReceivedWebhook(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
            }

            return webhooks;
        }
    }

    private static string[] IdsOf(IReadOnlyList<string> keys, string prefix) =>
        keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]).ToArray();

    private static string Truncate(string error) => error.Length <= 2000 ? error : error[..2000];
}
