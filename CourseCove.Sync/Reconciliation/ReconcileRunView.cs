using System.Text.Json.Serialization;

namespace CourseCove.Sync.Reconciliation;

/// <summary>A run as <c>GET /api/sync/reconcile/{id}</c> shows it.</summary>
public sealed record ReconcileRunView(
    Guid Id,
    string Status,
    [property: JsonPropertyName("started_at")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("finished_at")] DateTimeOffset? FinishedAt,
    FetchedCounts Fetched,
    ChangedCounts Changed,
    string? Error);

/// <summary>Objects read from Clerk, by kind.</summary>
public sealed record FetchedCounts(long Users, long Organizations, long Memberships);

/// <summary>Rows the run changed: created, updated, and deleted because Clerk no longer has them.</summary>
public sealed record ChangedCounts(long Created, long Updated, long Deleted);

/// <summary>A run's counters at one moment.</summary>
public sealed record ReconcileCounters(FetchedCounts Fetched, ChangedCounts Changed)
{
    public static readonly ReconcileCounters Zero = new(new(0, 0, 0), new(0, 0, 0));
}

/// <summary>A run a Worker has just taken.</summary>
public sealed record ClaimedRun(Guid Id, string Source, DateTimeOffset RequestedAt);
