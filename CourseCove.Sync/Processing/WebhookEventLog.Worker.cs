using Npgsql;

namespace CourseCove.Sync.Processing;

// The Worker's transitions: park, retry, dead-letter, and what makes events due again.
public sealed partial class WebhookEventLog
{
    /// <summary>
    /// Parks a pending event on the dependencies it misses: due again after <paramref name="recheck"/>, or at once when
    /// one of them was stored meanwhile (closing the race with its announcement). Dead-letters it instead when it has
    /// waited longer than <paramref name="horizon"/> since receipt (or since its last replay or revival); the
    /// dependencies stay in <c>waiting_for</c>, so their arrival revives it.
    /// </summary>
    /// <returns>The status the event now has (<c>pending</c> or <c>failed</c>), or null when it was no longer pending.</returns>
    public async Task<string?> ParkAsync(string webhookId, IReadOnlyList<string> waitingFor, TimeSpan recheck, TimeSpan horizon,
        string horizonReason, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        // First the advisory locks of the keys it waits for, as the events that store them take: one storing a key now
        // commits before this update reads (and it finds the key settled), or it started after this commits and sees
        // this event waiting, so it announces the key. Either way the event is not left to its back-off re-check.
        await using var batch = new NpgsqlBatch(db);
        AdvisoryLocks.AddTo(batch, waitingFor);

        batch.Add($"""
            UPDATE webhook_events e
            SET waiting_for = $2, updated_at = now(),
                status = CASE WHEN w.expired THEN '{Failed}' ELSE '{Pending}' END,
                last_error = CASE WHEN w.expired THEN $5 ELSE e.last_error END,
                attempts = e.attempts + CASE WHEN w.expired THEN 1 ELSE 0 END,
                next_attempt_at = CASE WHEN w.expired THEN NULL WHEN {AnySettled("$2")} THEN now() ELSE now() + $3 END
            FROM (SELECT id, now() - coalesce(waiting_since, created_at) > $4 AS expired FROM webhook_events WHERE webhook_id = $1) w
            WHERE e.id = w.id AND e.status = '{Pending}'
            RETURNING e.status
            """, webhookId, waitingFor.ToArray(), recheck, horizon, Truncate(horizonReason));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await AdvisoryLocks.SkipAsync(reader, waitingFor.Count, ct);

        return await reader.ReadAsync(ct) ? reader.GetString(0) : null;
    }

    /// <summary>
    /// Counts a failed attempt of a pending event: due again after an exponential, jittered back-off
    /// (<paramref name="baseDelay"/> × 2^(attempt-1), capped at <paramref name="maxDelay"/>), or dead-lettered when this
    /// was attempt <paramref name="maxAttempts"/>. Returns the attempts so far and whether it is now dead-lettered;
    /// (0, false) when the event was no longer pending.
    /// </summary>
    public async Task<(int Attempts, bool DeadLettered)> RecordFailureAsync(string webhookId, string error, int maxAttempts,
        TimeSpan baseDelay, TimeSpan maxDelay, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        await using var command = db.Command($"""
            UPDATE webhook_events
            SET attempts = attempts + 1, last_error = $2, updated_at = now(),
                status = CASE WHEN attempts + 1 >= $3 THEN '{Failed}' ELSE '{Pending}' END,
                waiting_for = CASE WHEN attempts + 1 >= $3 THEN NULL ELSE waiting_for END,
                next_attempt_at = CASE WHEN attempts + 1 >= $3 THEN NULL
                    ELSE now() + least($5::interval, $4::interval * power(2, attempts)) * (0.5 + random() / 2) END
            WHERE webhook_id = $1 AND status = '{Pending}'
            RETURNING attempts, status
            """, webhookId, Truncate(error), maxAttempts, baseDelay, maxDelay);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt32(0), reader.GetString(1) == Failed) : (0, false);
    }

    /// <summary>
    /// Dead-letters an event that cannot be processed at all (unreadable, or never finishing), recording it first if
    /// PostgreSQL has no row yet (it came through Redis alone). A completed event stays completed.
    /// </summary>
    public async Task DeadLetterAsync(ReceivedWebhook webhook, string error, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        await db.ExecuteAsync($"""
            INSERT INTO webhook_events (webhook_id, event_type, payload, status, attempts, last_error, created_at, updated_at, trace_parent)
            VALUES ($1, $2, $3, '{Failed}', 1, $4, $5, now(), $6)
            ON CONFLICT (webhook_id) DO UPDATE SET
                status = '{Failed}', attempts = webhook_events.attempts + 1, last_error = EXCLUDED.last_error,
                waiting_for = NULL, next_attempt_at = NULL, updated_at = now()
            WHERE webhook_events.status = '{Pending}'
            """, ct, webhook.WebhookId, webhook.EventType, webhook.Payload, Truncate(error), webhook.ReceivedAt, webhook.TraceParent);
    }

    /// <summary>
    /// Claims pending events that are due (back-off over, parked re-check, or a hand-off whose stream entry was lost)
    /// by pushing their lease forward, so concurrent Workers never claim the same ones. First revives events
    /// dead-lettered while waiting whose user or organization has been stored since — the backstop for a missed
    /// announcement (the Worker was down, Redis was unreachable); they are claimed on the next pass.
    /// </summary>
    public async Task<List<ReceivedWebhook>> ClaimDueAsync(int limit, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        return await ReadWebhooksAsync(db.Command($"""
            WITH revived AS (
                UPDATE webhook_events
                SET status = '{Pending}', last_error = NULL, waiting_since = now(), next_attempt_at = now(), updated_at = now()
                WHERE status = '{Failed}' AND waiting_for IS NOT NULL AND payload IS NOT NULL AND {AnySettled("waiting_for")}
                RETURNING id)
            UPDATE webhook_events SET next_attempt_at = now() + $2, updated_at = now()
            WHERE id IN (
                SELECT id FROM webhook_events
                WHERE status = '{Pending}' AND (next_attempt_at IS NULL OR next_attempt_at <= now())
                ORDER BY next_attempt_at NULLS FIRST
                LIMIT $1
                FOR UPDATE SKIP LOCKED)
            RETURNING {Returned}
            """, limit, HandOff.Lease), ct);
    }

    /// <summary>
    /// Makes events waiting for any of these keys due now — parked ones, and dead-lettered ones that still have their
    /// body, which come back with a fresh horizon — leased so a lost enqueue comes round again; returns them.
    /// <c>waiting_for</c> stays until the event completes or parks anew, so an announcement racing with a re-park still
    /// finds it.
    /// </summary>
    public async Task<List<ReceivedWebhook>> WakeWaitingAsync(IReadOnlyList<string> settledKeys, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        return await ReadWebhooksAsync(db.Command($"""
            UPDATE webhook_events
            SET next_attempt_at = now() + $2, updated_at = now(),
                waiting_since = CASE WHEN status = '{Failed}' THEN now() ELSE waiting_since END,
                last_error = CASE WHEN status = '{Failed}' THEN NULL ELSE last_error END,
                status = '{Pending}'
            WHERE {Waiting("webhook_events")} AND waiting_for && $1 AND payload IS NOT NULL
            RETURNING {Returned}
            """, settledKeys.ToArray(), HandOff.Lease), ct);
    }

    /// <summary>SQL: true when any key of the array names a user that is stored, or an organization stored or deleted.</summary>
    private static string AnySettled(string keys) => $"""
        EXISTS (SELECT 1 FROM unnest({keys}) k
                WHERE (starts_with(k, '{DependencyKeys.UserPrefix}')
                       AND EXISTS (SELECT 1 FROM users u WHERE u.id = substr(k, {DependencyKeys.UserPrefix.Length + 1})))
                   OR (starts_with(k, '{DependencyKeys.OrganizationPrefix}')
                       AND (EXISTS (SELECT 1 FROM organizations o WHERE o.id = substr(k, {DependencyKeys.OrganizationPrefix.Length + 1}))
                            OR EXISTS (SELECT 1 FROM tombstones t WHERE t.kind = '{Data.Tombstone.OrganizationKind}'
                                       AND t.id = substr(k, {DependencyKeys.OrganizationPrefix.Length + 1})))))
        """;

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
}
