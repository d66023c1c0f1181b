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
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var messages = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(WebhookStream.DependencyChannel));
        try
        {
            await foreach (var message in messages.WithCancellation(stoppingToken))
            {
                var keys = message.Message.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                try
                {
                    foreach (var webhook in await eventLog.WakeWaitingAsync(keys, stoppingToken))
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

    [LoggerMessage(LogLevel.Information, "Dependency arrived: re-enqueued {EventType} {WebhookId}")]
    private static partial void LogWoken(ILogger logger, string eventType, string webhookId);

    [LoggerMessage(LogLevel.Warning, "Could not wake parked events")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception);
}
