using CourseCove.Sync.Processing;
using CourseCove.Sync.Telemetry;

namespace CourseCove.Worker.Monitoring;

/// <summary>
/// <c>coursecove.queue.pending</c>: events not yet completed — pending in PostgreSQL, which covers the stream's lag,
/// parked events and those awaiting a retry (not the few taken by Redis alone while PostgreSQL was down). Refreshed
/// every few seconds, so the gauge callback itself never touches the network.
/// </summary>
public sealed partial class PendingGauge(WebhookEventLog eventLog, ILogger<PendingGauge> logger) : BackgroundService
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private long _pending;

    public long Pending => Interlocked.Read(ref _pending);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        SyncTelemetry.Meter.CreateObservableGauge("coursecove.queue.pending", () => Pending,
            description: "Events received but not yet completed (queued, parked or awaiting a retry).");
        using var timer = new PeriodicTimer(Refresh);
        do
        {
            try
            {
                Interlocked.Exchange(ref _pending, await eventLog.CountPendingAsync(stoppingToken));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRefreshFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Debug, "Could not refresh the pending gauge")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
