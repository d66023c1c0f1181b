using CourseCove.Sync.Streaming;
using StackExchange.Redis;

namespace CourseCove.Tests.Support;

/// <summary>Reads the webhook stream directly, to see what the Api handed over.</summary>
public static class RedisStream
{
    public static async Task<StreamMessage?> FindAsync(string connectionString, string webhookId)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var entries = await redis.GetDatabase().StreamRangeAsync(WebhookStream.Key, "-", "+");
        return entries.Select(e => StreamMessage.FromEntries(e.Values)).LastOrDefault(m => m?.Webhook.WebhookId == webhookId);
    }
}
