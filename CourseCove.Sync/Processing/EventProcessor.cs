using System.Diagnostics;
using CourseCove.Sync.Data;
using CourseCove.Sync.Events;
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
    public async Task<ProcessingResult> ProcessAsync(
        ReceivedWebhook webhook, ClerkEvent evt, string path, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);

        var (id, status) = await WebhookEventStore.RecordAsync(db, webhook, ct);
        if (status == WebhookEvent.Completed)
        {
            return ProcessingResult.Duplicate;
        }

        var outcome = await EventApplier.ApplyAsync(db, evt, evt.OccurredAt(webhook.ReceivedAt), ct);
        if (outcome.IsWaiting)
        {
            // Roll back: nothing is held while we wait, so the dependency's own event can take its locks.
            Activity.Current?.AddEvent(new ActivityEvent("waiting_for_dependency"));
            return new ProcessingResult(ProcessingStatus.Waiting, outcome);
        }

        await WebhookEventStore.CompleteAsync(db, id, path, ct);
        await tx.CommitAsync(ct);
        return new ProcessingResult(ProcessingStatus.Completed, outcome);
    }

    /// <summary>Records the event as pending without processing it (the fast path gave up); true if already completed.</summary>
    public Task<bool> RecordPendingAsync(ReceivedWebhook webhook, IReadOnlyList<string> waitingFor, CancellationToken ct) =>
        WebhookEventStore.RecordPendingAsync(dataSource, webhook, waitingFor, ct);
}
