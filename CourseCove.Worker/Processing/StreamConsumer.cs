using CourseCove.Sync.Streaming;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CourseCove.Worker.Processing;

/// <summary>
/// Consumes the webhook stream in the Workers' consumer group: first this consumer's own pending entries, then new
/// ones, and every half visibility timeout the stuck entries of dead consumers (XAUTOCLAIM). An entry is
/// acknowledged (and deleted) only after its outcome is committed in PostgreSQL.
/// </summary>
public sealed partial class StreamConsumer(
    IConnectionMultiplexer redis,
    IServiceScopeFactory scopes,
    WakeSignal wake,
    WorkerProgress progress,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<StreamConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan MinIdleDelay = TimeSpan.FromMilliseconds(10);

    private readonly WorkerOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var db = redis.GetDatabase();
        var idle = MinIdleDelay;
        var nextClaim = DateTimeOffset.MinValue;
        var ownPendingDone = false;
        LogStarted(logger, _options.ConsumerName);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                progress.Beat();
                StreamEntry[] entries;
                if (!ownPendingDone)
                {
                    // "0" re-reads what this consumer was given but never acknowledged (it crashed or stopped).
                    await EnsureGroupAsync(db);
                    entries = await db.StreamReadGroupAsync(WebhookStream.Key, WebhookStream.ConsumerGroup, _options.ConsumerName, "0", _options.BatchSize);
                    ownPendingDone = entries.Length == 0;
                }
                else if (clock.GetUtcNow() >= nextClaim)
                {
                    nextClaim = clock.GetUtcNow() + _options.VisibilityTimeout / 2;
                    var claimed = await db.StreamAutoClaimAsync(WebhookStream.Key, WebhookStream.ConsumerGroup, _options.ConsumerName,
                        (long)_options.VisibilityTimeout.TotalMilliseconds, "0-0", _options.BatchSize);
                    entries = claimed.ClaimedEntries;
                    if (claimed.DeletedIds.Length > 0)
                    {
                        await db.StreamAcknowledgeAsync(WebhookStream.Key, WebhookStream.ConsumerGroup, claimed.DeletedIds);
                    }
                }
                else
                {
                    entries = await db.StreamReadGroupAsync(WebhookStream.Key, WebhookStream.ConsumerGroup, _options.ConsumerName, ">", _options.BatchSize);
                }

                if (entries.Length == 0)
                {
                    // StackExchange.Redis cannot block on XREADGROUP: sleep until a wake-up or a growing poll delay.
                    await wake.WaitAsync(idle, stoppingToken);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.MaxIdleDelay.Ticks));
                    continue;
                }

                idle = MinIdleDelay;
                await ProcessBatchAsync(db, entries);
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                // Redis lost the stream (restart without AOF, FLUSHALL): recreate it; PostgreSQL's outbox refills it.
                await EnsureGroupAsync(db);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                LogRedisUnavailable(logger, ex.Message);
                await Task.Delay(_options.MaxIdleDelay, stoppingToken);
            }
        }
    }

    private async Task ProcessBatchAsync(IDatabase db, StreamEntry[] entries)
    {
        // In-flight entries finish even while the host stops; unfinished ones stay pending for another consumer.
        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency }, async (entry, _) =>
        {
            var message = entry.IsNull ? null : StreamMessage.FromEntries(entry.Values);
            var acknowledge = true;
            if (message is null)
            {
                LogMalformedEntry(logger, entry.Id.ToString());
            }
            else
            {
                await using var scope = scopes.CreateAsyncScope();
                acknowledge = await scope.ServiceProvider.GetRequiredService<MessageHandler>().HandleAsync(message, CancellationToken.None);
            }

            if (acknowledge)
            {
                await db.StreamAcknowledgeAsync(WebhookStream.Key, WebhookStream.ConsumerGroup, entry.Id);
                await db.StreamDeleteAsync(WebhookStream.Key, [entry.Id]);
            }
        });
        progress.AddProcessed(entries.Length);
    }

    private static async Task EnsureGroupAsync(IDatabase db)
    {
        try
        {
            // From the beginning: entries added before the first Worker ever started belong to the group too.
            await db.StreamCreateConsumerGroupAsync(WebhookStream.Key, WebhookStream.ConsumerGroup, "0-0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }

    [LoggerMessage(LogLevel.Information, "Consuming the webhook stream as {Consumer}")]
    private static partial void LogStarted(ILogger logger, string consumer);

    [LoggerMessage(LogLevel.Warning, "Redis unavailable: {Error}; retrying")]
    private static partial void LogRedisUnavailable(ILogger logger, string error);

    [LoggerMessage(LogLevel.Error, "Stream entry {EntryId} is not a webhook message; acknowledged and dropped")]
    private static partial void LogMalformedEntry(ILogger logger, string entryId);
}
