using CourseCove.Sync.Processing;
using CourseCove.Sync.Streaming;
using StackExchange.Redis;

namespace CourseCove.Worker.Processing;

/// <summary>
/// When the fast path or a Worker stores a user or organization, events parked on it — and those dead-lettered while
/// waiting for it — are re-enqueued at once (pub/sub), not at their next back-off re-check.
/// </summary>
public sealed partial class DependencyListener(
    IConnectionMultiplexer redis, WebhookEventLog eventLog, WebhookQueue queue, ILogger<DependencyListener> logger) : BackgroundService
{
    // Keys per wake-up query; a burst of stored users costs a query per batch, not one per user.
    private const int MaxKeysPerQuery = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var messages = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(WebhookStream.DependencyChannel));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var keys = new HashSet<string>(Keys(await messages.ReadAsync(stoppingToken)), StringComparer.Ordinal);
                while (keys.Count < MaxKeysPerQuery && messages.TryRead(out var more))
                {
                    keys.UnionWith(Keys(more));
                }

                try
                {
                    foreach (var webhook in await eventLog.WakeWaitingAsync([.. keys], stoppingToken))
                    {
                        await queue.EnqueueAsync(webhook, recorded: true);
                        LogWoken(logger, webhook.EventType, webhook.WebhookId);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The parked events' own re-check still comes.
                    LogWakeFailed(logger, ex);
                }
            }
        }
        finally
        {
            await messages.UnsubscribeAsync();
        }
    }

    private static string[] Keys(ChannelMessage message) =>
        message.Message.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [LoggerMessage(LogLevel.Information, "Dependency arrived: re-enqueued {EventType} {WebhookId}")]
    private static partial void LogWoken(ILogger logger, string eventType, string webhookId);

    [LoggerMessage(LogLevel.Warning, "Could not wake parked events")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception);
}
