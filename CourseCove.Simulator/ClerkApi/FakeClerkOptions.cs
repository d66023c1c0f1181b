namespace CourseCove.Simulator.ClerkApi;

/// <summary>How the fake Backend API behaves: the key it accepts and the rate limit it enforces, like Clerk's.</summary>
public sealed record FakeClerkOptions
{
    /// <summary>The <c>sk_...</c> key requests must bear (<c>Authorization: Bearer</c>).</summary>
    public required string SecretKey { get; init; }

    /// <summary>Requests accepted per <see cref="LimitWindow"/>; beyond that, 429 with <c>Retry-After</c> until the window ends.</summary>
    public int RequestLimit { get; init; } = 100;

    public TimeSpan LimitWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When set, the fake also plays the instance's Frontend API for session tokens: <c>/.well-known/jwks.json</c>
    /// serves this key, and <see cref="FakeClerkApi.Issuer"/> is the <c>iss</c> (and <c>Clerk:Authority</c>).
    /// </summary>
    public SessionKey? SessionKey { get; init; }

    /// <summary>Clerk's limits by key kind: 1,000 per 10 s for sk_live_ keys (production), 100 otherwise (development).</summary>
    public static FakeClerkOptions LikeClerk(string secretKey) => new()
    {
        SecretKey = secretKey,
        RequestLimit = secretKey.StartsWith("sk_live_", StringComparison.Ordinal) ? 1000 : 100,
    };
}
