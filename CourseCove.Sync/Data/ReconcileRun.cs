namespace CourseCove.Sync.Data;

/// <summary>
/// One reconciliation pass with Clerk's Backend API, requested by the schedule or an operator. Its lifecycle belongs to
/// <see cref="Reconciliation.ReconcileRunStore"/>: nothing else writes these rows.
/// </summary>
public sealed class ReconcileRun
{
    /// <summary>From the request until it ends; <see cref="StartedAt"/> is null while no Worker has taken it yet.</summary>
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    /// <summary>Values of <see cref="Source"/>.</summary>
    public const string FromSchedule = "schedule";
    public const string FromRequest = "request";

    public required Guid Id { get; set; }
    public required string Status { get; set; }
    public required string Source { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The Worker (consumer name) running it.</summary>
    public string? Worker { get; set; }

    public long FetchedUsers { get; set; }
    public long FetchedOrganizations { get; set; }
    public long FetchedMemberships { get; set; }
    public long Created { get; set; }
    public long Updated { get; set; }
    public long Deleted { get; set; }
    public string? Error { get; set; }
}
