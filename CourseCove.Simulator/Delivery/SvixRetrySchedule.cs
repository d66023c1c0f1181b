namespace CourseCove.Simulator.Delivery;

/// <summary>
/// Svix's delivery schedule: the first attempt immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and
/// 10 h, each counted from the failure of the attempt before; compressed by a time scale for tests.
/// </summary>
public static class SvixRetrySchedule
{
    public static readonly IReadOnlyList<TimeSpan> Delays =
    [
        TimeSpan.Zero,
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(10),
    ];

    /// <summary>Attempts Svix makes before it gives a message up.</summary>
    public static int MaxAttempts => Delays.Count;

    /// <summary>
    /// How long to wait after a failed attempt before attempt number <paramref name="attempt"/> (1-based; attempt 1
    /// is the first delivery), with time running <paramref name="timeScale"/> times faster.
    /// </summary>
    public static TimeSpan DelayBefore(int attempt, double timeScale = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(attempt, MaxAttempts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timeScale);
        return TimeSpan.FromTicks((long)(Delays[attempt - 1].Ticks / timeScale));
    }

    /// <summary>All delays of a message that never succeeds, compressed.</summary>
    public static IReadOnlyList<TimeSpan> Compressed(double timeScale) =>
        Enumerable.Range(1, MaxAttempts).Select(a => DelayBefore(a, timeScale)).ToArray();
}
