using System.Diagnostics;
using CourseCove.Sync.Processing;
using StackExchange.Redis;

namespace CourseCove.Sync.Streaming;

/// <summary>Hands events to the Worker through the Redis stream, and announces stored dependencies.</summary>
public sealed class WebhookQueue(IConnectionMultiplexer redis)
{
    /// <summary>Adds the event to the stream with the current trace context; throws when Redis cannot take it.</summary>
    public async Task EnqueueAsync(ReceivedWebhook webhook, bool recorded)
    {
        var activity = Activity.Current;
        var message = new StreamMessage(webhook, recorded, activity?.Id, activity?.TraceStateString);
        var db = redis.GetDatabase();
        await db.StreamAddAsync(WebhookStream.Key, message.ToEntries());
        // Best effort: a Worker that misses the wake-up still polls.
        await redis.GetSubscriber().PublishAsync(
            RedisChannel.Literal(WebhookStream.WakeChannel), webhook.WebhookId, CommandFlags.FireAndForget);
    }

    /// <summary>Tells Workers that these users/organizations exist now, so events parked on them can run.</summary>
    public Task AnnounceStoredAsync(IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
        {
            return Task.CompletedTask;
        }

        return redis.GetSubscriber().PublishAsync(
            RedisChannel.Literal(WebhookStream.DependencyChannel), string.Join(' ', keys), CommandFlags.FireAndForget);
    }
}
