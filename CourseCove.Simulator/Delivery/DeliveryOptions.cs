namespace CourseCove.Simulator.Delivery;

/// <summary>How <see cref="SvixDeliverer"/> delivers a history.</summary>
public sealed record DeliveryOptions
{
    /// <summary>The Api's base address; null uses the HttpClient's BaseAddress.</summary>
    public Uri? Target { get; init; }

    /// <summary>The endpoint's <c>whsec_...</c> signing secret.</summary>
    public required string Secret { get; init; }

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 8;

    public DeliveryOrder Order { get; init; } = DeliveryOrder.InOrder;

    /// <summary>Share of events (0 to 1) delivered a second time, with the same svix-id, at a random later point.</summary>
    public double DuplicateShare { get; init; }

    /// <summary>Seeds the order, the duplicates and the race offsets.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>How much faster than real time the retry schedule runs (1000 makes 5 s into 5 ms).</summary>
    public double TimeScale { get; init; } = 1;

    /// <summary>Attempts per delivery before giving up (Svix: 8).</summary>
    public int MaxAttempts { get; init; } = SvixRetrySchedule.MaxAttempts;

    /// <summary>Send each organizationMembership.created 0-300 ms before its user.created and organization.created.</summary>
    public bool Race { get; init; }

    /// <summary>Longest lead of a membership over its user and organization in race mode.</summary>
    public TimeSpan MaxRaceLead { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Steady rate in deliveries per second (first attempts); null sends as fast as the senders go.</summary>
    public double? Rate { get; init; }

    /// <summary>How long one attempt may take before it counts as failed (Svix waits 15 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public IReadOnlyList<string> Validate() => new (bool Broken, string Error)[]
        {
            (Concurrency < 1, $"--concurrency must be at least 1 (was {Concurrency})."),
            (DuplicateShare is < 0 or > 1 || double.IsNaN(DuplicateShare),
                $"--duplicates must be a share between 0 and 1 (was {DuplicateShare})."),
            (TimeScale <= 0 || !double.IsFinite(TimeScale), $"--time-scale must be above 0 (was {TimeScale})."),
            (MaxAttempts < 1 || MaxAttempts > SvixRetrySchedule.MaxAttempts,
                $"--max-attempts must be between 1 and {SvixRetrySchedule.MaxAttempts} (was {MaxAttempts})."),
            (Rate is { } rate && (rate <= 0 || !double.IsFinite(rate)), $"--rate must be above 0 (was {Rate})."),
            (RequestTimeout <= TimeSpan.Zero, "The request timeout must be positive."),
        }.Where(c => c.Broken).Select(c => c.Error).ToArray();
}
