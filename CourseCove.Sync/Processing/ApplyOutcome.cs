namespace CourseCove.Sync.Processing;

/// <summary>What applying one event did to the synced tables.</summary>
public sealed record ApplyOutcome
{
    /// <summary>True when rows changed; false for stale, tombstoned or ignored events (still completed).</summary>
    public bool Changed { get; init; }

    /// <summary>Dependencies that are not stored yet (e.g. <c>user:user_123</c>); the event must wait for them.</summary>
    public IReadOnlyList<string> MissingDependencies { get; init; } = [];

    /// <summary>
    /// Users or organizations this event settled — stored, or deleted (a parked event about a deleted one now
    /// completes with no effect) — when some event waits for them (parked, or dead-lettered while waiting): what to
    /// announce to the Workers. Empty when nothing waits, which is nearly always, so nothing is announced.
    /// </summary>
    public IReadOnlyList<string> SettledDependencies { get; init; } = [];

    public bool IsWaiting => MissingDependencies.Count > 0;

    public static readonly ApplyOutcome NoEffect = new();
    public static readonly ApplyOutcome ChangedRows = new() { Changed = true };
}
