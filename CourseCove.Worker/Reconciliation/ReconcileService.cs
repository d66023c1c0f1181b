using CourseCove.Sync.Clerk;
using CourseCove.Sync.Data;
using CourseCove.Sync.Reconciliation;
using CourseCove.Worker.Processing;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace CourseCove.Worker.Reconciliation;

/// <summary>
/// Requests the periodic pass when <c>Clerk:ReconcileInterval</c> has passed (a fresh database: at once — the
/// backfill), and runs waiting runs while holding the reconciliation lease. A request from the Api wakes it through
/// Redis; a poll every 15 s is the backstop. Off while Clerk:SecretKey is not set.
/// </summary>
public sealed partial class ReconcileService(
    IServiceScopeFactory scopes,
    ReconcileRunStore runs,
    NpgsqlDataSource dataSource,
    IConnectionMultiplexer redis,
    IOptions<ClerkApiOptions> clerk,
    IOptions<WorkerOptions> worker,
    ILogger<ReconcileService> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!clerk.Value.IsEnabled)
        {
            return;
        }

        using var wake = new SemaphoreSlim(0, 1);
        var channel = RedisChannel.Literal(ReconcileRunStore.WakeChannel);
        await SubscribeAsync(channel, wake);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RunWhatIsDueAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogLoopFailed(logger, ex.GetType().Name, ex.Message);
                }

                await wake.WaitAsync(Poll, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await redis.GetSubscriber().UnsubscribeAsync(channel);
        }
    }

    private async Task RunWhatIsDueAsync(CancellationToken ct)
    {
        var interval = clerk.Value.ReconcileInterval;
        if (interval > TimeSpan.Zero && await runs.IsScheduledRunDueAsync(interval, RetryAfterFailure, ct))
        {
            await runs.RequestAsync(ReconcileRun.FromSchedule, ct);
        }

        if (!await runs.HasWaitingAsync(ct))
        {
            return;
        }

        // Another Worker holds the lease: it takes waiting runs before it lets go.
        await using var lease = await WorkerLease.TryAcquireAsync(dataSource, WorkerLease.Reconcile, ct);
        if (lease is null)
        {
            return;
        }

        if (await runs.FailAbandonedAsync(ct) is > 0 and var abandoned)
        {
            LogAbandoned(logger, abandoned);
        }

        while (await runs.ClaimNextAsync(worker.Value.ConsumerName, ct) is { } run)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ReconcileRunner>().RunAsync(run, ct);
        }
    }

    private async Task SubscribeAsync(RedisChannel channel, SemaphoreSlim wake)
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(channel, (_, _) =>
            {
                // At most one pending wake-up.
                if (wake.CurrentCount == 0)
                {
                    try { wake.Release(); } catch (SemaphoreFullException) { }
                }
            });
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogNoWakeUps(logger, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Reconciliation scheduling failed ({Type}): {Error}; trying again shortly")]
    private static partial void LogLoopFailed(ILogger logger, string type, string error);

    [LoggerMessage(LogLevel.Warning, "Failed {Count} reconciliation runs whose Worker stopped before they finished")]
    private static partial void LogAbandoned(ILogger logger, int count);

    [LoggerMessage(LogLevel.Warning, "Redis unavailable for reconciliation wake-ups ({Error}): requests are picked up by polling")]
    private static partial void LogNoWakeUps(ILogger logger, string error);
}
