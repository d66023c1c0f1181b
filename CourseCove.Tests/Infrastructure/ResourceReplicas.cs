using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;

namespace CourseCove.Tests.Infrastructure;

/// <summary>
/// The latest state of every replica of every resource. A resource with replicas has one id per replica
/// (<c>api-abcd1234</c>), and <c>TryGetCurrentState("api")</c> finds none of them; this follows them all.
/// </summary>
public sealed class ResourceReplicas : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _following;

    public ResourceReplicas(ResourceNotificationService notifications) => _following = FollowAsync(notifications, _stop.Token);

    /// <summary>The replicas of a resource, by replica id.</summary>
    public IReadOnlyList<ResourceEvent> Of(string resource) =>
        [.. _latest.Values.Where(e => e.Resource.Name == resource).OrderBy(e => e.ResourceId, StringComparer.Ordinal)];

    /// <summary>Waits until the resource has <paramref name="count"/> replicas that all satisfy the predicate; fails fast when one cannot.</summary>
    public async Task<IReadOnlyList<ResourceEvent>> WaitForAsync(
        string resource, int count, Func<CustomResourceSnapshot, bool> predicate, CancellationToken cancellationToken)
    {
        while (true)
        {
            var replicas = Of(resource);
            if (replicas.Count == count && replicas.All(r => predicate(r.Snapshot)))
            {
                return replicas;
            }

            if (replicas.FirstOrDefault(r => r.Snapshot.State?.Text is { } state
                    && (state == KnownResourceStates.FailedToStart || KnownResourceStates.TerminalStates.Contains(state))) is { } failed)
            {
                throw new InvalidOperationException($"Replica {failed.ResourceId} of '{resource}' is {failed.Snapshot.State?.Text}: {Describe(resource)}");
            }

            try
            {
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited in vain for {count} replicas of '{resource}': {Describe(resource)}");
            }
        }
    }

    public string Describe(string resource) => string.Join("; ", Of(resource).Select(r =>
        $"{r.ResourceId} {r.Snapshot.State?.Text} ({r.Snapshot.HealthStatus?.ToString() ?? "no health"})"));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _following;
        _stop.Dispose();
    }

    private async Task FollowAsync(ResourceNotificationService notifications, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in notifications.WatchAsync(cancellationToken))
            {
                _latest[e.ResourceId] = e;
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}
