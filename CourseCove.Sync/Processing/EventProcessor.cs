using CourseCove.Sync.Data;
using CourseCove.Sync.Events;
using CourseCove.Sync.Telemetry;
using Npgsql;

namespace CourseCove.Sync.Processing;

/// <summary>
/// Processes one Clerk event in one transaction and one round trip: lock → record (once per svix-id) → apply → completed.
/// The Api's fast path and the Worker both call this; it is the only place events take effect.
/// </summary>
public sealed class EventProcessor(NpgsqlDataSource dataSource)
{
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

        // One round trip: the locks, then record, rules and completion in one statement, in one implicit transaction.
        var plan = EventApplier.Plan(evt, evt.OccurredAt(webhook.ReceivedAt));
        await using var db = await dataSource.OpenConnectionAsync(ct);
        await using var batch = EventApplier.Batch(db, plan, WebhookEventLog.RecordCompleted(webhook, EventSubject.UserIdOf(evt), path, redriveFailed));
        var (recorded, outcome) = await EventApplier.RunAsync(batch, plan, ct);
        if (outcome.IsWaiting)
        {
            // Nothing was written, and the locks went with the transaction, so the dependency's own event can take them.
            activity?.SetTag("coursecove.result", "waiting");
            activity?.SetTag("coursecove.waiting_for", string.Join(' ', outcome.MissingDependencies));
            return new ProcessingResult(ProcessingStatus.Waiting, outcome);
        }

        if (!recorded)
        {
            activity?.SetTag("coursecove.result", "duplicate");
            return ProcessingResult.Duplicate;
        }

        activity?.SetTag("coursecove.result", outcome.Changed ? "applied" : "no_effect");
        return new ProcessingResult(ProcessingStatus.Completed, outcome);
    }
}
