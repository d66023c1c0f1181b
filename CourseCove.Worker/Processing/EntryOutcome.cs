namespace CourseCove.Worker.Processing;

/// <summary>How handling one stream entry ended, which decides what happens to the entry.</summary>
public enum EntryOutcome
{
    /// <summary>Its outcome is committed in PostgreSQL (completed, parked, retry scheduled, dead-lettered): acknowledge it.</summary>
    Concluded,

    /// <summary>PostgreSQL could not be reached: leave it pending in the group and pause until PostgreSQL answers.</summary>
    PostgresUnreachable,

    /// <summary>Something unexpected failed: leave it; it is delivered again, and dead-lettered after too many deliveries.</summary>
    Unfinished,
}
