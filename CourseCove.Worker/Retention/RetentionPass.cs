using System.Diagnostics;
using CourseCove.Sync.Processing;
using CourseCove.Worker.Processing;
using Microsoft.Extensions.Options;
using static CourseCove.Sync.Telemetry.RetentionTelemetry;

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

    // The pass works at most a fifth of the time while there is much to do.
    private const int RestPerWork = 4;

    public async Task<RetentionTally> RunAsync(CancellationToken ct)
    {
        var (retention, horizon) = (options.Value, worker.Value.DependencyHorizon);
        var busy = new Stopwatch();
        var users = await RepeatAsync(n => deletedRows.EraseUsersAsync(retention.DeletedUsers, n, ct), User, busy, ct);
        var pruned = await RepeatAsync(n => eventLog.PruneCompletedAsync(retention.EventPayloads, n, ct), Payload, busy, ct)
            + await RepeatAsync(n => eventLog.PruneFailedAsync(retention.EventPayloads, n, ct), Payload, busy, ct);
        // Dead letters (and bodies stored before users were recorded) are read for their user after pruning thinned them out.
        var read = await RepeatAsync(n => eventLog.ReadSubjectsAsync(n, ct), kind: null, busy, ct, ReadBatchSize);
        var erased = await RepeatAsync(n => eventLog.EraseBodiesOfDeletedUsersAsync(retention.DeletedUsers, n, ct), Payload, busy, ct);
        var tombstones = await RepeatAsync(n => deletedRows.DropTombstonesAsync(horizon, n, ct), Tombstone, busy, ct);
        return new RetentionTally(users, pruned, erased, tombstones, read, busy.Elapsed);
    }

    /// <summary>
    /// Runs one batch after another until a batch comes back short; counts each on the metric as it commits. Between
    /// batches it rests <see cref="RestPerWork"/> times as long as the batch took: a big pass (the first one after
    /// months of bodies) would otherwise fill the WAL that every fast-path commit waits to flush.
    /// </summary>
    private static async Task<int> RepeatAsync(
        Func<int, Task<int>> batch, string? kind, Stopwatch busy, CancellationToken ct, int limit = BatchSize)
    {
        var total = 0;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            busy.Start();
            var done = await batch(limit);
            busy.Stop();
            total += done;
            if (kind is not null)
            {
                Record(kind, done);
            }

            if (done < limit)
            {
                return total;
            }

            await Task.Delay(Stopwatch.GetElapsedTime(started) * RestPerWork, ct);
        }
    }
}

/// <summary>
/// What one pass did: users erased, bodies pruned for age or erased with their user, tombstones dropped, bodies read for
/// their user; and how long its statements took, rests between batches left out.
/// </summary>
public sealed record RetentionTally(int Users, int Pruned, int Erased, int Tombstones, int Read, TimeSpan Working)
{
    public int Payloads => Pruned + Erased;
}
