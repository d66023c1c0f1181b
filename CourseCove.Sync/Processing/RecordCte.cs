namespace CourseCove.Sync.Processing;

/// <summary>The <c>recorded</c> CTE an <see cref="ApplyPlan"/> is gated on: a delivery's webhook_events row, or a constant row.</summary>
internal sealed record RecordCte(Func<int, string, string> Sql, object?[] Parameters)
{
    /// <summary>A snapshot from Clerk's Backend API: nothing to record, the rules alone decide.</summary>
    public static readonly RecordCte Snapshot = new((_, gate) => $"recorded AS (SELECT 1 {gate})", []);
}
