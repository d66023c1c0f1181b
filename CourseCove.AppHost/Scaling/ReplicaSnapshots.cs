using System.Collections.Concurrent;

namespace CourseCove.AppHost.Scaling;

/// <summary>
/// A resource's replicas as the notification service reports them. Each replica has an id of its own
/// (<c>api-abcd1234</c>); with two or more, <c>TryGetCurrentState("api")</c> finds none and
/// <c>WaitForResourceAsync("api", …)</c> returns as soon as any one replica matches.
/// </summary>
internal static class ReplicaSnapshots
{
    /// <summary>Waits until there are as many replicas as configured and the latest snapshot of each satisfies the predicate.</summary>
    public static async Task WaitForAllReplicasAsync(this ResourceNotificationService notifications, IResource resource,
        Func<CustomResourceSnapshot, bool> predicate, CancellationToken cancellationToken)
    {
        var replicas = resource.GetReplicaCount();
        var satisfied = new Dictionary<string, bool>();
        // WatchAsync first replays every resource's current snapshot, then follows the updates.
        await foreach (var e in notifications.WatchAsync(cancellationToken))
        {
            if (e.Resource == resource)
            {
                satisfied[e.ResourceId] = predicate(e.Snapshot);
                if (satisfied.Count >= replicas && satisfied.Values.All(ok => ok))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Keeps the latest snapshot of each replica in <paramref name="latest"/> (by replica id) until cancelled.</summary>
    public static async Task FollowReplicasAsync(this ResourceNotificationService notifications, IResource resource,
        ConcurrentDictionary<string, CustomResourceSnapshot> latest, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in notifications.WatchAsync(cancellationToken))
            {
                if (e.Resource == resource)
                {
                    latest[e.ResourceId] = e.Snapshot;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }
}
