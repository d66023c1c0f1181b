using CourseCove.Sync.Processing;
using CourseCove.Sync.Streaming;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CourseCove.Worker.Processing;

/// <summary>
/// Consumes the webhook stream in the Workers' consumer group: first this consumer's own pending entries (paged by the
/// last id seen), then new ones, and every half visibility timeout the stuck entries of dead consumers (XAUTOCLAIM).
/// An entry is acknowledged (and deleted) only after its outcome is committed in PostgreSQL. No entry can stop the
/// loop: one that fails unexpectedly stays pending and comes round again until <c>Worker:MaxDeliveries</c>.
/// </summary>
public sealed partial class StreamConsumer(
    IConnectionMultiplexer redis,
    IServiceScopeFactory scopes,
    PostgresProbe postgres,
    WakeSignal wake,
    WorkerProgress progress,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<StreamConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan MinIdleDelay = TimeSpan.FromMilliseconds(10);
    private static readonly RedisValue Beginning = "0-0";

    private readonly WorkerOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var db = redis.GetDatabase();
        var idle = MinIdleDelay;
        var nextClaim = DateTimeOffset.MinValue;
        RedisValue claimFrom = Beginning;
        // Where to continue reading this consumer's own unacknowledged entries (left by a crash, a stop or an outage);
        // null once they are all read.
        RedisValue? ownPendingFrom = Beginning;
        LogStarted(logger, _options.ConsumerName);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                StreamEntry[] entries;
                if (ownPendingFrom is { } from)
                {
                    await EnsureGroupAsync(db);
                    entries = await db.StreamReadGroupAsync(WebhookStream.Key, WebhookStream.ConsumerGroup, _options.ConsumerName, from, _options.BatchSize);
                    ownPendingFrom = entries.Length == 0 ? null : (RedisValue?)entries[^1].Id;
                }
                else if (clock.GetUtcNow() >= nextClaim)
                {
                    var claimed = await db.StreamAutoClaimAsync(WebhookStream.Key, WebhookStream.ConsumerGroup, _options.ConsumerName,
                        (long)_options.VisibilityTimeout.TotalMilliseconds, claimFrom, _options.BatchSize);
                    // Page through the whole pending list, then rest until the next round.
                    claimFrom = claimed.NextStartId;
                    if (claimFrom == Beginning)
                    {
                        nextClaim = clock.GetUtcNow() + _options.VisibilityTimeout / 2;
                        await ForgetDeadConsumersAsync(db);
                    }

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
                if (await ProcessBatchAsync(db, entries) == EntryOutcome.PostgresUnreachable)
                {
                    // Reading on would only deliver more entries that cannot be processed (and count deliveries against
                    // them): wait for PostgreSQL, then take up what was left pending.
                    await postgres.WaitUntilReachableAsync(_options.MaxIdleDelay, stoppingToken);
                    ownPendingFrom = Beginning;
                }
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                // Redis lost the stream (restart without AOF, FLUSHALL): recreate it; PostgreSQL's outbox refills it.
                await EnsureGroupAsync(db);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                LogRedisUnavailable(logger, ex);
                await Task.Delay(_options.MaxIdleDelay, stoppingToken);
            }
        }
    }

    /// <summary>Handles a batch concurrently; returns PostgresUnreachable when any entry met an unreachable PostgreSQL.</summary>
    private async Task<EntryOutcome> ProcessBatchAsync(IDatabase db, StreamEntry[] entries)
    {
        var deliveries = await DeliveryCountsAsync(db, entries);
        var unreachable = 0;
        // In-flight entries finish even while the host stops; unfinished ones stay pending for another consumer.
        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency }, async (entry, _) =>
        {
            var outcome = await HandleAsync(entry, deliveries.GetValueOrDefault(entry.Id, 1));
            if (outcome == EntryOutcome.Concluded)
            {
                await db.StreamAcknowledgeAsync(WebhookStream.Key, WebhookStream.ConsumerGroup, entry.Id);
                await db.StreamDeleteAsync(WebhookStream.Key, [entry.Id]);
                progress.Concluded();
            }
            else if (outcome == EntryOutcome.PostgresUnreachable)
            {
                Interlocked.Increment(ref unreachable);
            }
        });
        return unreachable > 0 ? EntryOutcome.PostgresUnreachable : EntryOutcome.Concluded;
    }

    private async Task<EntryOutcome> HandleAsync(StreamEntry entry, long deliveries)
    {
        var message = entry.IsNull ? null : StreamMessage.FromEntries(entry.Values);
        if (message is null)
        {
            LogMalformedEntry(logger, entry.Id.ToString());
            return EntryOutcome.Concluded;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<MessageHandler>().HandleAsync(message, deliveries, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Whatever it was, it must not stop the loop or the host: the entry stays pending, is claimed again after
            // the visibility timeout, and is dead-lettered once delivered more than Worker:MaxDeliveries times.
            LogEntryFailed(logger, ex, message.Webhook.EventType, message.Webhook.WebhookId, deliveries);
            return EntryOutcome.Unfinished;
        }
    }

    /// <summary>How often each entry has been delivered (XPENDING); entries read as new are on their first delivery.</summary>
    private async Task<Dictionary<RedisValue, long>> DeliveryCountsAsync(IDatabase db, StreamEntry[] entries)
    {
        // Entries come in id order; the range may hold other pending entries of ours too, hence the generous count.
        var pending = await db.StreamPendingMessagesAsync(WebhookStream.Key, WebhookStream.ConsumerGroup, 10 * entries.Length,
            _options.ConsumerName, entries[0].Id, entries[^1].Id);
        return pending.ToDictionary(p => p.MessageId, p => (long)p.DeliveryCount);
    }

    /// <summary>
    /// Removes consumers that hold nothing and have been silent for long (Workers that stopped; every process has a
    /// name of its own), so the group does not grow with every restart. A live one is re-created by its next read.
    /// </summary>
    private async Task ForgetDeadConsumersAsync(IDatabase db)
    {
        var silentFor = (long)(_options.VisibilityTimeout * 20).TotalMilliseconds;
        foreach (var consumer in await db.StreamConsumerInfoAsync(WebhookStream.Key, WebhookStream.ConsumerGroup))
        {
            if (consumer.PendingMessageCount == 0 && consumer.IdleTimeInMilliseconds > silentFor && consumer.Name != _options.ConsumerName)
            {
                await db.StreamDeleteConsumerAsync(WebhookStream.Key, WebhookStream.ConsumerGroup, consumer.Name);
            }
        }
    }

    private static async Task EnsureGroupAsync(IDatabase db)
    {
        try
        {
            // From the beginning: entries added before the first Worker ever started belong to the group too.
            await db.StreamCreateConsumerGroupAsync(WebhookStream.Key, WebhookStream.ConsumerGroup, Beginning, createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }

    [LoggerMessage(LogLevel.Information, "Consuming the webhook stream as {Consumer}")]
    private static partial void LogStarted(ILogger logger, string consumer);

    [LoggerMessage(LogLevel.Warning, "Redis unavailable; retrying")]
    private static partial void LogRedisUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Error, "Stream entry {EntryId} is not a webhook message; acknowledged and dropped")]
    private static partial void LogMalformedEntry(ILogger logger, string entryId);

    [LoggerMessage(LogLevel.Error, "Handling {EventType} {WebhookId} failed unexpectedly (delivery {Deliveries}); it stays pending and comes round again")]
    private static partial void LogEntryFailed(ILogger logger, Exception exception, string eventType, string webhookId, long deliveries);
}
