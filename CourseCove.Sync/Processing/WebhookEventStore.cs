using CourseCove.Sync.Data;
using Npgsql;

namespace CourseCove.Sync.Processing;

/// <summary>The <c>webhook_events</c> log: one row per svix-id, decided by the unique index, never by a prior read.</summary>
internal static class WebhookEventStore
{

    /// <summary>Inserts the event, or locks the existing row of the same svix-id; returns its id and status.</summary>
    public static async Task<(long Id, string Status)> RecordAsync(
        NpgsqlConnection db, ReceivedWebhook webhook, CancellationToken ct)
    {
        await using (var insert = db.Command("""
            INSERT INTO webhook_events
                (webhook_id, event_type, payload, status, attempts, created_at, updated_at, trace_parent, next_attempt_at)
            VALUES ($1, $2, $3::jsonb, 'pending', 0, $4, now(), $5, now() + $6)
            ON CONFLICT (webhook_id) DO NOTHING
            RETURNING id
            """, webhook.WebhookId, webhook.EventType, webhook.Payload, webhook.ReceivedAt, webhook.TraceParent, HandOff.Lease))
        {
            if (await insert.ExecuteScalarAsync(ct) is long id)
            {
                return (id, WebhookEvent.Pending);
            }
        }

        // A duplicate: lock it so a concurrent re-drive of the same svix-id waits for this one.
        await using var existing = db.Command(
            "SELECT id, status FROM webhook_events WHERE webhook_id = $1 FOR UPDATE", webhook.WebhookId);
        await using var reader = await existing.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException("A conflicting webhook_events row vanished; events are never deleted.");
        }

        return (reader.GetInt64(0), reader.GetString(1));
    }

    public static Task CompleteAsync(NpgsqlConnection db, long id, string path, CancellationToken ct) =>
        db.ExecuteAsync("""
            UPDATE webhook_events
            SET status = 'completed', completed_by = $2, attempts = attempts + 1, processed_at = now(),
                last_error = NULL, waiting_for = NULL, next_attempt_at = NULL, updated_at = now()
            WHERE id = $1
            """, ct, id, path);

    /// <summary>Records a pending event in its own transaction (it may exist already); true when it is now completed.</summary>
    public static async Task<bool> RecordPendingAsync(
        NpgsqlDataSource dataSource, ReceivedWebhook webhook, IReadOnlyList<string> waitingFor, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        var status = await db.ScalarAsync<string>("""
            WITH inserted AS (
                INSERT INTO webhook_events
                    (webhook_id, event_type, payload, status, attempts, waiting_for, created_at, updated_at, trace_parent, next_attempt_at)
                VALUES ($1, $2, $3::jsonb, 'pending', 0, $4, $5, now(), $6, now() + $7)
                ON CONFLICT (webhook_id) DO NOTHING
                RETURNING status)
            SELECT status FROM inserted
            UNION ALL
            SELECT status FROM webhook_events WHERE webhook_id = $1
            LIMIT 1
            """, ct, webhook.WebhookId, webhook.EventType, webhook.Payload,
            waitingFor.Count == 0 ? null : waitingFor.ToArray(), webhook.ReceivedAt, webhook.TraceParent, HandOff.Lease);
        return status == WebhookEvent.Completed;
    }
}
