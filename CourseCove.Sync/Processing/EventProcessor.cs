using CourseCove.Sync.Data;
using CourseCove.Sync.Events;
using CourseCove.Sync.Telemetry;
using Npgsql;

namespace CourseCove.Sync.Processing;

/// <summary>
/// Processes one Clerk event in one transaction: record (once per svix-id) → apply → mark completed → commit.
/// The Api's fast path and the Worker both call this; it is the only place events take effect.
/// </summary>
public sealed class EventProcessor(NpgsqlDataSource dataSource)
{
    public NpgsqlDataSource DataSource => dataSource;

    /// <param name="path">Who is processing: a <see cref="ProcessingPath"/> value, stored when it completes.</param>
    /// <param name="redriveFailed">
    /// True for a delivery from Clerk (its dashboard Replay reuses the svix-id): a dead-lettered event runs again.
    /// The Worker passes false, so a stale stream entry never revives what was dead-lettered.
    /// </param>
    public async Task<ProcessingResult> ProcessAsync(
        ReceivedWebhook webhook, ClerkEvent evt, string path, bool redriveFailed, CancellationToken ct)
    {
        using var activity = SyncTelemetry.Source.StartActivity($"process {evt.Type}");
        activity?.SetTag("coursecove.webhook_id", webhook.WebhookId);
        activity?.SetTag("coursecove.event_type", evt.Type);
        activity?.SetTag("coursecove.path", path);

        await using var db = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);

        var (id, status) = await WebhookEventLog.RecordAsync(db, webhook, ct);
        if (status == WebhookEvent.Completed || (status == WebhookEvent.Failed && !redriveFailed))
        {
            activity?.SetTag("coursecove.result", "duplicate");
            return ProcessingResult.Duplicate;
        }

        var outcome = await EventApplier.ApplyAsync(db, evt, evt.OccurredAt(webhook.ReceivedAt), ct);
        if (outcome.IsWaiting)
        {
            // Roll back: nothing is held while we wait, so the dependency's own event can take its locks.
            activity?.SetTag("coursecove.result", "waiting");
            activity?.SetTag("coursecove.waiting_for", string.Join(' ', outcome.MissingDependencies));
            return new ProcessingResult(ProcessingStatus.Waiting, outcome);
        }

        await WebhookEventLog.CompleteAsync(db, id, path, ct);
        await tx.CommitAsync(ct);
        activity?.SetTag("coursecove.result", outcome.Changed ? "applied" : "no_effect");
        return new ProcessingResult(ProcessingStatus.Completed, outcome);
    }
}
