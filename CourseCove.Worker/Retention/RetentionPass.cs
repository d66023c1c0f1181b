using CourseCove.Sync.Processing;
using CourseCove.Sync.Telemetry;
using CourseCove.Worker.Processing;
using Microsoft.Extensions.Options;

namespace CourseCove.Worker.Retention;

/// <summary>
/// One retention pass: erase deleted users' personal data, remove old bodies, drop old tombstones. Every step repeats a
/// statement that changes at most <see cref="BatchSize"/> rows in its own short transaction until nothing is left, so
/// no lock is held for long and webhooks go on meanwhile; a Worker that stops, stops between batches, and the next
/// pass carries on where it left off.
/// </summary>
public sealed class RetentionPass(
    WebhookEventLog eventLog, DeletedRows deletedRows, IOptions<RetentionOptions> options, IOptions<WorkerOptions> worker)
{
    /// <summary>The most rows one statement of the pass changes.</summary>
    public const int BatchSize = 5000;

    // Bodies travel to the Worker to be parsed: fewer at a time.
    private const int ReadBatchSize = 1000;

    public async Task<RetentionTally> RunAsync(CancellationToken ct)
    {
        var (retention, horizon) = (options.Value, worker.Value.DependencyHorizon);
        var users = await RepeatAsync(n => deletedRows.EraseUsersAsync(retention.DeletedUsers, n, ct), RetentionTelemetry.User, ct);
        var pruned = await RepeatAsync(n => eventLog.PruneCompletedAsync(retention.EventPayloads, n, ct), RetentionTelemetry.Payload, ct)
            + await RepeatAsync(n => eventLog.PruneFailedAsync(retention.EventPayloads, n, ct), RetentionTelemetry.Payload, ct);
        // Only bodies that are still held are read for their user, after pruning has thinned them out.
        var read = await RepeatAsync(n => eventLog.ReadSubjectsAsync(n, ct), kind: null, ct, ReadBatchSize);
        var erased = await RepeatAsync(n => eventLog.EraseBodiesOfDeletedUsersAsync(retention.DeletedUsers, n, ct), RetentionTelemetry.Payload, ct);
        var tombstones = await RepeatAsync(n => deletedRows.DropTombstonesAsync(horizon, n, ct), RetentionTelemetry.Tombstone, ct);
        return new RetentionTally(users, pruned, erased, tombstones, read);
    }

    /// <summary>Runs one batch after another until a batch comes back short; counts each on the metric as it commits.</summary>
    private static async Task<int> RepeatAsync(Func<int, Task<int>> batch, string? kind, CancellationToken ct, int limit = BatchSize)
    {
        var total = 0;
        int done;
        do
        {
            ct.ThrowIfCancellationRequested();
            done = await batch(limit);
            total += done;
            if (kind is not null)
            {
                RetentionTelemetry.Record(kind, done);
            }
        }
        while (done == limit);

        return total;
    }
}

/// <summary>What one pass did: users erased, bodies pruned for age or erased with their user, tombstones dropped, bodies read for their user.</summary>
public sealed record RetentionTally(int Users, int Pruned, int Erased, int Tombstones, int Read)
{
    public int Payloads => Pruned + Erased;
}
