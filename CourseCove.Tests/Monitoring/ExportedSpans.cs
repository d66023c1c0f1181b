using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace CourseCove.Tests.Monitoring;

/// <summary>
/// Spans that in-process services export through their OpenTelemetry SDK (the in-memory exporter), once each:
/// activity sources are process-wide, so every service's provider exports what any of them sampled.
/// </summary>
public sealed class ExportedSpans : ICollection<Activity>
{
    private readonly ConcurrentDictionary<(ActivityTraceId, ActivitySpanId), Activity> _spans = new();

    public int Count => _spans.Count;

    public bool IsReadOnly => false;

    public IEnumerable<Activity> Tagged(string webhookId) =>
        this.Where(a => a.GetTagItem("coursecove.webhook_id") as string == webhookId);

    public void Add(Activity item) => _spans.TryAdd((item.TraceId, item.SpanId), item);

    public void Clear() => _spans.Clear();

    public bool Contains(Activity item) => _spans.ContainsKey((item.TraceId, item.SpanId));

    public void CopyTo(Activity[] array, int arrayIndex) => _spans.Values.CopyTo(array, arrayIndex);

    public bool Remove(Activity item) => _spans.TryRemove((item.TraceId, item.SpanId), out _);

    public IEnumerator<Activity> GetEnumerator() => _spans.Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
