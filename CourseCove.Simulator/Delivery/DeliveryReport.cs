namespace CourseCove.Simulator.Delivery;

/// <summary>One HTTP attempt: the status code (0 when no response came: refused, reset or timed out) and its latency.</summary>
public sealed record AttemptRecord(int Attempt, int StatusCode, TimeSpan Latency, DateTimeOffset SentAt)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}

/// <summary>What became of one delivery: every attempt, and whether one got a 2xx.</summary>
public sealed record DeliveryRecord(
    int Index, string SvixId, string EventType, bool IsDuplicate, IReadOnlyList<AttemptRecord> Attempts, bool Delivered)
{
    public int? FinalStatusCode => Attempts.Count == 0 ? null : Attempts[^1].StatusCode;
}

/// <summary>Latency percentiles over every attempt (nearest rank).</summary>
public sealed record LatencySummary(TimeSpan P50, TimeSpan P95, TimeSpan P99, TimeSpan Max)
{
    public static LatencySummary Of(IEnumerable<TimeSpan> latencies)
    {
        var sorted = latencies.Order().ToArray();
        return sorted.Length == 0
            ? new LatencySummary(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero)
            : new LatencySummary(Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[^1]);
    }

    private static TimeSpan Rank(TimeSpan[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>What a delivery run did: per status code, latency, throughput and the events that never got through.</summary>
public sealed record DeliveryReport(
    int Events,
    IReadOnlyList<DeliveryRecord> Deliveries,
    TimeSpan Elapsed)
{
    public int Attempts => Deliveries.Sum(d => d.Attempts.Count);

    public int Duplicates => Deliveries.Count(d => d.IsDuplicate);

    /// <summary>Attempts by HTTP status code; 0 counts attempts that got no response.</summary>
    public IReadOnlyDictionary<int, int> StatusCounts => Deliveries.SelectMany(d => d.Attempts)
        .GroupBy(a => a.StatusCode).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());

    public LatencySummary Latency => LatencySummary.Of(Deliveries.SelectMany(d => d.Attempts).Select(a => a.Latency));

    /// <summary>Deliveries that got their 2xx, per second of the whole run.</summary>
    public double DeliveriesPerSecond => Elapsed > TimeSpan.Zero ? Deliveries.Count(d => d.Delivered) / Elapsed.TotalSeconds : 0;

    /// <summary>svix-ids none of whose deliveries got a 2xx (only when retries ran out).</summary>
    public IReadOnlyList<string> UndeliveredEventIds => Deliveries.GroupBy(d => d.SvixId)
        .Where(g => !g.Any(d => d.Delivered)).Select(g => g.Key).ToArray();

    /// <summary>Deliveries that needed more than one attempt.</summary>
    public int Retried => Deliveries.Count(d => d.Attempts.Count > 1);
}

/// <summary>A running tally for a progress display.</summary>
public sealed record DeliveryProgress(int Deliveries, int Finished, int Delivered, int GaveUp, int Attempts, int FailedAttempts);
