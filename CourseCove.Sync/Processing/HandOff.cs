namespace CourseCove.Sync.Processing;

/// <summary>The outbox lease of a pending event.</summary>
public static class HandOff
{
    /// <summary>
    /// How long a pending event may sit before the Worker's scheduler assumes its stream entry was lost
    /// (the Api died before XADD, Redis was flushed) and enqueues it again. Re-enqueueing a live entry is harmless:
    /// processing is idempotent per svix-id.
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
}
