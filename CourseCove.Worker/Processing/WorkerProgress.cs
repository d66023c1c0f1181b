namespace CourseCove.Worker.Processing;

/// <summary>When this Worker last brought a stream entry to a conclusion, for the stall health check.</summary>
public sealed class WorkerProgress(TimeProvider clock)
{
    private long _lastConcludedTicks = clock.GetUtcNow().UtcTicks;
    private long _concluded;

    /// <summary>The last conclusion (acknowledged entry), or the start of the Worker before the first one.</summary>
    public DateTimeOffset LastConcluded => new(Interlocked.Read(ref _lastConcludedTicks), TimeSpan.Zero);

    public long ConcludedCount => Interlocked.Read(ref _concluded);

    public void Concluded()
    {
        Interlocked.Exchange(ref _lastConcludedTicks, clock.GetUtcNow().UtcTicks);
        Interlocked.Increment(ref _concluded);
    }
}
