using CourseCove.Sync.Streaming;
using StackExchange.Redis;

namespace CourseCove.Worker.Processing;

/// <summary>Wakes the idle consumer loop when the Api announces a new stream entry (pub/sub), instead of polling fast.</summary>
public sealed class WakeSignal(IConnectionMultiplexer redis) : IHostedService
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public async Task StartAsync(CancellationToken cancellationToken) =>
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(WebhookStream.WakeChannel), (_, _) => Set());

    public Task StopAsync(CancellationToken cancellationToken) =>
        redis.GetSubscriber().UnsubscribeAsync(RedisChannel.Literal(WebhookStream.WakeChannel));

    public void Set()
    {
        // At most one pending wake-up: many announcements while busy mean one more read, not many.
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { }
        }
    }

    /// <summary>Returns when woken or after <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
