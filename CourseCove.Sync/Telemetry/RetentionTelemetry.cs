using System.Diagnostics.Metrics;

namespace CourseCove.Sync.Telemetry;

/// <summary>The retention pass's metric on the <c>CourseCove</c> meter: what each pass erased, by kind.</summary>
public static class RetentionTelemetry
{
    /// <summary>Tag <c>kind</c>: a deleted user's personal columns cleared.</summary>
    public const string User = "user";

    /// <summary>Tag <c>kind</c>: a stored webhook body removed (pruned, or concerning an erased user).</summary>
    public const string Payload = "payload";

    /// <summary>Tag <c>kind</c>: a tombstone of a deleted organization or membership dropped.</summary>
    public const string Tombstone = "tombstone";

    public static readonly Counter<long> Erased = SyncTelemetry.Meter.CreateCounter<long>(
        "coursecove.retention.erased", description: "Rows the retention pass erased or dropped, by kind.");

    public static void Record(string kind, int count)
    {
        if (count > 0)
        {
            Erased.Add(count, new KeyValuePair<string, object?>("kind", kind));
        }
    }
}
