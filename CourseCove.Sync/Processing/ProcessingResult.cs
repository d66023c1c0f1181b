namespace CourseCove.Sync.Processing;

/// <summary>How one processing attempt ended.</summary>
public enum ProcessingStatus
{
    /// <summary>Effect and <c>completed</c> status committed together, by this attempt.</summary>
    Completed,

    /// <summary>The svix-id was already completed: nothing changed.</summary>
    Duplicate,

    /// <summary>A user or organization it needs is not stored yet; nothing was committed.</summary>
    Waiting,
}

/// <summary>The result of one attempt, with the dependencies it waits for or stored.</summary>
public sealed record ProcessingResult(ProcessingStatus Status, ApplyOutcome Outcome)
{
    public static readonly ProcessingResult Duplicate = new(ProcessingStatus.Duplicate, ApplyOutcome.NoEffect);
}
