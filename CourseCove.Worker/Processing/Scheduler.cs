using CourseCove.Sync.Processing;
using CourseCove.Sync.Streaming;
using Microsoft.Extensions.Options;

namespace CourseCove.Worker.Processing;

/// <summary>
/// PostgreSQL is the source of truth: every second, pending events that are due — a retry whose back-off is over,
/// a parked event's re-check, or a hand-off whose stream entry was lost (the Api died before XADD, Redis was
/// flushed) — are leased and put back on the stream. This is the outbox recovery; it also revives dead letters whose
/// missing user or organization has arrived.
/// </summary>
public sealed partial class Scheduler(
    WebhookEventLog eventLog, WebhookQueue queue, IOptions<WorkerOptions> options, ILogger<Scheduler> logger) : BackgroundService
{
    private const int BatchLimit = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SchedulerInterval);
        do
        {
            try
            {
                // While the stream holds a backlog, leases of events still in it expire without anything being lost:
                // wait for it to drain rather than enqueue them twice.
                if (await queue.BacklogAsync() > BatchLimit)
                {
                    continue;
                }

                int claimed;
                do
                {
                    var due = await eventLog.ClaimDueAsync(BatchLimit, stoppingToken);
                    foreach (var webhook in due)
                    {
                        await queue.EnqueueAsync(webhook, recorded: true);
                    }

                    claimed = due.Count;
                    if (claimed > 0) LogRequeued(logger, claimed);
                }
                while (claimed == BatchLimit && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Leases expire, so whatever was claimed but not enqueued comes round again.
                LogSchedulerFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Information, "Re-enqueued {Count} due pending events")]
    private static partial void LogRequeued(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Scheduler pass failed")]
    private static partial void LogSchedulerFailed(ILogger logger, Exception exception);
}
