using System.Diagnostics;
using System.Diagnostics.Metrics;
using CourseCove.Sync.Events;

namespace CourseCove.Sync.Telemetry;

/// <summary>CourseCove's own traces and metrics (ActivitySource and Meter named <c>CourseCove</c>).</summary>
public static class SyncTelemetry
{
    public const string Name = "CourseCove";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    /// <summary>Tag <c>outcome</c>: fast_path | queued | duplicate | rejected.</summary>
    public static readonly Counter<long> WebhooksReceived = Meter.CreateCounter<long>(
        "coursecove.webhooks.received", description: "Webhook deliveries received, by event type and outcome.");

    /// <summary>
    /// Bucket boundaries (seconds) for both durations: a millisecond fast path, a parked event that completes minutes
    /// later. The SDK's default boundaries (0, 5, 10, 25 … for milliseconds) would put every fast path in one bucket,
    /// and a backend's percentiles can only be as fine as the buckets.
    /// </summary>
    public static readonly IReadOnlyList<double> DurationBuckets =
    [
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75,
        1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600,
    ];

    public static readonly Histogram<double> FastPathDuration = Meter.CreateHistogram(
        "coursecove.webhooks.fast_path.duration", unit: "s", description: "Time spent in the fast path.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    /// <summary>Tag <c>path</c>: fast_path | slow_path.</summary>
    public static readonly Histogram<double> TimeToConsistency = Meter.CreateHistogram(
        "coursecove.webhooks.time_to_consistency", unit: "s", description: "From receipt to completed.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    /// <summary>Tag <c>outcome</c>: completed | parked | retry | dead_lettered.</summary>
    public static readonly Counter<long> WorkerAttempts = Meter.CreateCounter<long>(
        "coursecove.worker.attempts", description: "Worker processing attempts, by outcome.");

    private static readonly HashSet<string> KnownTypes =
    [
        ClerkEventTypes.UserCreated, ClerkEventTypes.UserUpdated, ClerkEventTypes.UserDeleted,
        ClerkEventTypes.OrganizationCreated, ClerkEventTypes.OrganizationUpdated, ClerkEventTypes.OrganizationDeleted,
        ClerkEventTypes.MembershipCreated, ClerkEventTypes.MembershipUpdated, ClerkEventTypes.MembershipDeleted,
    ];

    /// <summary>The event type as a tag value: metrics keep a small, fixed set of values.</summary>
    public static string EventTypeTag(string? eventType) =>
        eventType is not null && KnownTypes.Contains(eventType) ? eventType : "other";

    public static void RecordReceived(string? eventType, string outcome) =>
        WebhooksReceived.Add(1, new("event_type", EventTypeTag(eventType)), new("outcome", outcome));

    public static void RecordConsistency(DateTimeOffset receivedAt, string path, TimeProvider clock) =>
        TimeToConsistency.Record((clock.GetUtcNow() - receivedAt).TotalSeconds, new KeyValuePair<string, object?>("path", path));
}
