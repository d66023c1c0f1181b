namespace CourseCove.Sync.Streaming;

/// <summary>Redis names shared by the Api (producer) and the Worker (consumer group).</summary>
public static class WebhookStream
{
    /// <summary>The stream of events the fast path could not finish.</summary>
    public const string Key = "coursecove:webhooks";

    /// <summary>The Workers' consumer group on <see cref="Key"/>.</summary>
    public const string ConsumerGroup = "coursecove-workers";

    /// <summary>Pub/sub channel: "these users/organizations were just stored", so parked events can go now.</summary>
    public const string DependencyChannel = "coursecove:dependencies";

    /// <summary>Pub/sub channel that wakes an idle Worker as soon as something is added to the stream.</summary>
    public const string WakeChannel = "coursecove:webhooks:wake";
}
