using CourseCove.Sync.Data;
using CourseCove.Sync.Events;
using Npgsql;

namespace CourseCove.Sync.Processing;

/// <summary>
/// The one owner of <c>webhook_events</c>: every status change of an event — record, complete, hand off, park, retry,
/// dead-letter, revive, replay — is a statement here, decided by the unique index and the row's own status, never by
/// a prior read. The Api, the Worker and the tools call these; nothing else writes the table.
/// </summary>
/// <remarks>
/// Life of an event: <c>pending</c> (recorded; due again at <c>next_attempt_at</c>) → <c>completed</c> (its effect
/// committed in the same transaction), or → <c>failed</c> (dead-lettered with <c>last_error</c>). A failed event
/// comes back to <c>pending</c> by a replay (the admin endpoint or Clerk's Replay of the same svix-id) or, when it
/// was given up waiting for a user/organization (<c>waiting_for</c> kept), as soon as one of those is stored.
/// </remarks>
public sealed partial class WebhookEventLog(NpgsqlDataSource dataSource)
{
    private const string Pending = WebhookEvent.Pending;
    private const string Completed = WebhookEvent.Completed;
    private const string Failed = WebhookEvent.Failed;
    private const int MaxErrorLength = 2000;

    private const string Returned = "webhook_id, event_type, payload, created_at, trace_parent";

    /// <summary>Events that wait for a user or organization (parked, or dead-lettered waiting): the waiting index's rows.</summary>
    internal static string Waiting(string alias) =>
        $"{alias}.waiting_for IS NOT NULL AND {alias}.status IN ('{Pending}', '{Failed}')";

    /// <summary>The index of <see cref="Waiting"/> rows by the keys they wait for (GIN, for <c>waiting_for &amp;&amp; keys</c>).</summary>
    public const string WaitingIndexFilter = $"waiting_for IS NOT NULL AND status IN ('{Pending}', '{Failed}')";

    /// <summary>
    /// The record of a delivery being processed, as the gate of its <see cref="ApplyPlan"/>: inserted completed, or an
    /// existing pending row (or, for a delivery from Clerk, a dead-lettered one) marked completed — in the statement
    /// that applies the event, so the effect and the status commit together. No row comes back for a duplicate.
    /// </summary>
    /// <param name="subjectUserId">The user the event concerns (<see cref="EventSubject"/>), for the retention pass.</param>
    internal static RecordCte RecordCompleted(ReceivedWebhook webhook, string? subjectUserId, string path, bool redriveFailed) => new(
        (first, gate) => $"""
            recorded AS (
                INSERT INTO webhook_events
                    (webhook_id, event_type, payload, status, attempts, completed_by, processed_at, created_at, updated_at, trace_parent, subject_user_id)
                SELECT ${first}, ${first + 1}, ${first + 2}, '{Completed}', 1, ${first + 3}, now(), ${first + 4}, now(), ${first + 5}, ${first + 7} {gate}
                ON CONFLICT (webhook_id) DO UPDATE SET
                    status = '{Completed}', completed_by = EXCLUDED.completed_by, attempts = webhook_events.attempts + 1,
                    processed_at = now(), last_error = NULL, waiting_for = NULL, next_attempt_at = NULL, updated_at = now(),
                    subject_user_id = EXCLUDED.subject_user_id
                WHERE webhook_events.status = '{Pending}' OR (webhook_events.status = '{Failed}' AND ${first + 6})
                RETURNING id)
            """,
        [webhook.WebhookId, webhook.EventType, webhook.Payload, path, webhook.ReceivedAt, webhook.TraceParent, redriveFailed, subjectUserId]);

    /// <summary>
    /// Records the event as pending for the Worker, leased for <see cref="HandOff.Lease"/> (after which the scheduler
    /// re-enqueues it, should its stream entry be lost). With <paramref name="redriveFailed"/> (a delivery from Clerk,
    /// whose Replay reuses the svix-id) a dead-lettered event becomes pending again, attempts and horizon afresh, and
    /// gets its body back if the retention pass had removed it.
    /// </summary>
    /// <returns>True when the event is completed already: nothing to hand off.</returns>
    public async Task<bool> HandOffAsync(ReceivedWebhook webhook, IReadOnlyList<string> waitingFor, string? reason,
        bool redriveFailed, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        var status = await db.ScalarAsync<string>($"""
            WITH recorded AS (
                INSERT INTO webhook_events (webhook_id, event_type, payload, status, attempts, waiting_for, last_error,
                                            created_at, updated_at, trace_parent, next_attempt_at)
                VALUES ($1, $2, $3, '{Pending}', 0, $4, $5, $6, now(), $7, now() + $8)
                ON CONFLICT (webhook_id) DO UPDATE SET
                    status = '{Pending}', attempts = 0, waiting_for = EXCLUDED.waiting_for, last_error = EXCLUDED.last_error,
                    payload = coalesce(webhook_events.payload, EXCLUDED.payload),
                    waiting_since = now(), trace_parent = EXCLUDED.trace_parent,
                    next_attempt_at = EXCLUDED.next_attempt_at, updated_at = now()
                WHERE webhook_events.status = '{Failed}' AND $9
                RETURNING status)
            SELECT status FROM recorded
            UNION ALL
            SELECT status FROM webhook_events WHERE webhook_id = $1
            LIMIT 1
            """, ct, webhook.WebhookId, webhook.EventType, webhook.Payload, waitingFor.Count == 0 ? null : waitingFor.ToArray(),
            Truncate(reason), webhook.ReceivedAt, webhook.TraceParent, HandOff.Lease, redriveFailed);
        return status == Completed;
    }

    /// <summary>
    /// Failed events matching every given filter become pending and due now. Those whose body the retention pass removed
    /// cannot be processed any more and are left failed: counted as <see cref="ReplayResult.WithoutBody"/>.
    /// </summary>
    public async Task<ReplayResult> ReplayAsync(ReplayFilter filter, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        await using var command = db.Command($"""
            WITH matching AS (
                SELECT id, payload IS NOT NULL AS replayable FROM webhook_events
                WHERE status = '{Failed}'
                  AND ($1::text[] IS NULL OR webhook_id = ANY($1))
                  AND ($2::text IS NULL OR event_type = $2)
                  AND ($3::timestamptz IS NULL OR created_at >= $3)
                  AND ($4::timestamptz IS NULL OR created_at <= $4)
                FOR UPDATE),
            replayed AS (
                UPDATE webhook_events e
                SET status = '{Pending}', attempts = 0, last_error = NULL, waiting_for = NULL, waiting_since = now(),
                    next_attempt_at = now(), updated_at = now()
                FROM matching m WHERE e.id = m.id AND m.replayable
                RETURNING 1)
            SELECT (SELECT count(*) FROM replayed)::int, (SELECT count(*) FROM matching WHERE NOT replayable)::int
            """, filter.WebhookIds is { Count: > 0 } ids ? ids.ToArray() : null, filter.EventType, filter.From, filter.To);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new ReplayResult(reader.GetInt32(0), reader.GetInt32(1));
    }

    /// <summary>Events received and not yet completed or failed: queued, parked or awaiting a retry.</summary>
    public async Task<long> CountPendingAsync(CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        return await db.ScalarAsync<long>($"SELECT count(*) FROM webhook_events WHERE status = '{Pending}'", ct);
    }

    /// <summary>An error message as stored: bounded, and storable whatever text an exception carried.</summary>
    private static string? Truncate(string? error) =>
        error is null ? null : StoredText.Map(error.Length <= MaxErrorLength ? error : error[..MaxErrorLength]);
}

/// <summary>Which failed events to replay; every filter is optional and they combine with AND.</summary>
public sealed record ReplayFilter(IReadOnlyList<string>? WebhookIds, string? EventType, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>How many failed events a replay made pending, and how many it left failed because their body was removed.</summary>
public sealed record ReplayResult(int Replayed, int WithoutBody);
