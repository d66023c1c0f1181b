using System.Diagnostics.Metrics;

namespace CourseCove.Sync.Telemetry;

/// <summary>Reconciliation's metric on the <c>CourseCove</c> meter: objects a pass has handled, as it goes.</summary>
public static class ReconcileTelemetry
{
    /// <summary>Tag <c>kind</c>: user | organization | membership.</summary>
    public const string User = "user";
    public const string Organization = "organization";
    public const string Membership = "membership";

    /// <summary>Tag <c>action</c>: created | updated | unchanged | deleted.</summary>
    public static readonly Counter<long> Objects = SyncTelemetry.Meter.CreateCounter<long>(
        "coursecove.reconcile.objects", description: "Objects a reconciliation pass handled, by kind and action.");

    public static void Record(string kind, int created, int updated, int unchanged, int deleted)
    {
        Add(kind, "created", created);
        Add(kind, "updated", updated);
        Add(kind, "unchanged", unchanged);
        Add(kind, "deleted", deleted);
    }

    private static void Add(string kind, string action, int count)
    {
        if (count > 0)
        {
            Objects.Add(count, new("kind", kind), new("action", action));
        }
    }
}
