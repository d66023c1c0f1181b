using System.Collections.Concurrent;
using System.Diagnostics;
using CourseCove.Sync.Telemetry;

namespace CourseCove.Tests.Support;

/// <summary>Collects finished activities of CourseCove and ASP.NET Core in this process.</summary>
public sealed class ActivityCollector : IDisposable
{
    private readonly ActivityListener _listener;

    public ConcurrentQueue<Activity> Stopped { get; } = new();

    public ActivityCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is SyncTelemetry.Name or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IEnumerable<Activity> Tagged(string webhookId) =>
        Stopped.Where(a => a.GetTagItem("coursecove.webhook_id") as string == webhookId);

    public void Dispose() => _listener.Dispose();
}
