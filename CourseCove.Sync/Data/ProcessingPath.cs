namespace CourseCove.Sync.Data;

/// <summary>Which side completed an event: the values of <c>webhook_events.completed_by</c>.</summary>
public static class ProcessingPath
{
    public const string FastPath = "fast_path";
    public const string SlowPath = "slow_path";
}
