using CourseCove.Sync.Clerk;
using CourseCove.Sync.Reconciliation;
using CourseCove.Sync.Telemetry;

namespace CourseCove.Worker.Reconciliation;

/// <summary>A pass's counters as it goes: read by the progress log and the run row, and counted on the metric.</summary>
public sealed class ReconcileProgress
{
    private long _users, _organizations, _memberships, _created, _updated, _deleted;
    private volatile string _phase = "starting";

    public string Phase
    {
        get => _phase;
        set => _phase = value;
    }

    public ReconcileCounters Counters => new(
        new FetchedCounts(Interlocked.Read(ref _users), Interlocked.Read(ref _organizations), Interlocked.Read(ref _memberships)),
        new ChangedCounts(Interlocked.Read(ref _created), Interlocked.Read(ref _updated), Interlocked.Read(ref _deleted)));

    /// <summary>Objects read from Clerk (<paramref name="kind"/>: a <see cref="ReconcileTelemetry"/> kind).</summary>
    public void Fetched(string kind, int count)
    {
        switch (kind)
        {
            case ReconcileTelemetry.User: Interlocked.Add(ref _users, count); break;
            case ReconcileTelemetry.Organization: Interlocked.Add(ref _organizations, count); break;
            default: Interlocked.Add(ref _memberships, count); break;
        }
    }

    public void Applied(string kind, SnapshotOutcome outcome)
    {
        Interlocked.Add(ref _created, outcome.Created);
        Interlocked.Add(ref _updated, outcome.Updated);
        Interlocked.Add(ref _deleted, outcome.Deleted);
        ReconcileTelemetry.Record(kind, outcome.Created, outcome.Updated, outcome.Unchanged, outcome.Deleted);
    }
}
