using CourseCove.Sync.Processing;
using StackExchange.Redis;

namespace CourseCove.Sync.Streaming;

/// <summary>Hands events to the Worker through the Redis stream, and announces stored dependencies.</summary>
public sealed class WebhookQueue(IConnectionMultiplexer redis)
{
    /// <summary>Adds the event to the stream; throws when Redis cannot take it.</summary>
    /// <param name="recorded">False when PostgreSQL could not record it: the stream entry is the only copy.</param>
    public async Task EnqueueAsync(ReceivedWebhook webhook, bool recorded)
    {
        await redis.GetDatabase().StreamAddAsync(WebhookStream.Key, new StreamMessage(webhook, recorded).ToEntries());
        // Best effort: a Worker that misses the wake-up still polls.
        await redis.GetSubscriber().PublishAsync(
            RedisChannel.Literal(WebhookStream.WakeChannel), webhook.WebhookId, CommandFlags.FireAndForget);
    }

    /// <summary>Entries in the stream not yet processed and deleted (the Workers acknowledge, then delete).</summary>
    public Task<long> BacklogAsync() => redis.GetDatabase().StreamLengthAsync(WebhookStream.Key);

    /// <summary>
    /// Tells Workers that these users/organizations exist now, so events parked on them run at once. Best effort:
    /// false when Redis is unreachable, and parked events then wait for their back-off re-check.
    /// </summary>
    public async Task<bool> TryAnnounceStoredAsync(IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
        {
            return true;
        }

        try
        {
            await redis.GetSubscriber().PublishAsync(
                RedisChannel.Literal(WebhookStream.DependencyChannel), string.Join(' ', keys), CommandFlags.FireAndForget);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return false;
        }
    }
}
