namespace CourseCove.Sync.Processing;

/// <summary>
/// One event's effect as SQL: the keys to lock (sorted, so overlapping events cannot deadlock), optional state read
/// before anything is written, the gate on recording (a membership whose user or organization is missing records
/// nothing and waits), the data-modifying CTEs, and the expressions that say what changed and what is missing.
/// Parameters <c>$1..$n</c> are the plan's own; the record CTE's follow them.
/// </summary>
internal sealed record ApplyPlan(
    string[] LockKeys,
    object?[] Parameters,
    string Effects,
    string Changed,
    string[] Settles,
    string State = "",
    string Gate = "",
    string Missing = "'{}'::text[]")
{
    /// <summary>Events CourseCove does not apply: recorded and completed, nothing else.</summary>
    public static readonly ApplyPlan None = new([], [], "nothing AS (SELECT 1)", "0", []);
}
