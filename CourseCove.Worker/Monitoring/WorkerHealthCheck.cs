using CourseCove.Sync.Streaming;
using CourseCove.Worker.Processing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CourseCove.Worker.Monitoring;

/// <summary>
/// Unhealthy when stream entries have waited longer than <c>Worker:StallTimeout</c> and this Worker concluded none
/// in that time — stuck, whatever its loop is doing (spinning on one entry, paused, blocked). Parked events are not
/// waiting entries: they left the stream when they were parked.
/// </summary>
public sealed class WorkerHealthCheck(
    WorkerProgress progress, IConnectionMultiplexer redis, IOptions<WorkerOptions> options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var silence = now - progress.LastConcluded;
        if (silence <= options.Value.StallTimeout)
        {
            return HealthCheckResult.Healthy($"Last entry concluded {silence.TotalSeconds:0} s ago; {progress.ConcludedCount} so far.");
        }

        // The oldest entry still in the stream (entries are deleted once concluded); its id starts with its time.
        var oldest = await redis.GetDatabase().StreamRangeAsync(WebhookStream.Key, count: 1);
        if (oldest.Length == 0 || !long.TryParse(oldest[0].Id.ToString().Split('-')[0], out var addedMs))
        {
            return HealthCheckResult.Healthy("Idle: nothing waiting.");
        }

        var waited = now - DateTimeOffset.FromUnixTimeMilliseconds(addedMs);
        return waited > options.Value.StallTimeout
            ? HealthCheckResult.Unhealthy($"No entry concluded for {silence.TotalSeconds:0} s while the oldest has waited {waited.TotalSeconds:0} s.")
            : HealthCheckResult.Healthy($"Working on entries that arrived {waited.TotalSeconds:0} s ago.");
    }
}
