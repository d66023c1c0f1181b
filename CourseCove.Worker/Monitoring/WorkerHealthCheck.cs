using CourseCove.Sync.Streaming;
using CourseCove.Worker.Processing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CourseCove.Worker.Monitoring;

/// <summary>Unhealthy when the consumer loop has not turned for a while although work is waiting (a stuck Worker).</summary>
public sealed class WorkerHealthCheck(
    WorkerProgress progress, WebhookQueue queue, PendingGauge pending, IOptions<WorkerOptions> options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var silence = clock.GetUtcNow() - progress.LastBeat;
        if (silence <= options.Value.StallTimeout)
        {
            return HealthCheckResult.Healthy($"Loop turned {silence.TotalSeconds:0} s ago; {progress.ProcessedCount} entries processed.");
        }

        var backlog = await queue.BacklogAsync();
        return backlog > 0 || pending.Pending > 0
            ? HealthCheckResult.Unhealthy($"No progress for {silence.TotalSeconds:0} s while {backlog} stream entries and {pending.Pending} pending events wait.")
            : HealthCheckResult.Healthy("Idle: nothing waiting.");
    }
}
