namespace CourseCove.Worker.Processing;

/// <summary>The consumer loop's heartbeat, for the health check and the dashboard.</summary>
public sealed class WorkerProgress(TimeProvider clock)
{
    private long _lastBeatTicks = clock.GetUtcNow().UtcTicks;
    private long _processed;

    public DateTimeOffset LastBeat => new(Interlocked.Read(ref _lastBeatTicks), TimeSpan.Zero);
    public long ProcessedCount => Interlocked.Read(ref _processed);

    public void Beat() => Interlocked.Exchange(ref _lastBeatTicks, clock.GetUtcNow().UtcTicks);
    public void AddProcessed(int count) => Interlocked.Add(ref _processed, count);
}
