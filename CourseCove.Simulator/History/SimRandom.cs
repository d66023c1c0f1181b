namespace CourseCove.Simulator.History;

/// <summary>
/// The generator's only source of chance. <see cref="Random(int)"/> with a seed is the same sequence on every
/// .NET version, which is what makes a history reproducible from its seed.
/// </summary>
internal sealed class SimRandom(int seed)
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private readonly Random _random = new(seed);

    /// <summary>A Clerk-style id: prefix, underscore, 27 base62 characters (the length of Clerk's KSUIDs).</summary>
    public string Id(string prefix) => string.Create(prefix.Length + 28, (prefix, _random), static (span, state) =>
    {
        state.prefix.AsSpan().CopyTo(span);
        span[state.prefix.Length] = '_';
        for (var i = state.prefix.Length + 1; i < span.Length; i++)
        {
            span[i] = Base62[state._random.Next(Base62.Length)];
        }
    });

    public string Token(int length) => Id("x")[2..(2 + length)].ToLowerInvariant();

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public int Next(int minInclusive, int maxExclusive) => _random.Next(minInclusive, maxExclusive);

    public double NextDouble() => _random.NextDouble();

    public bool Chance(double probability) => _random.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A seed that differs whenever any option differs, so two histories never share ids by accident.</summary>
    public static int SeedFor(HistoryOptions options)
    {
        var key = $"{options.Seed}|{options.Users}|{options.Organizations}|{options.Memberships}|{options.Updates}"
            + $"|{options.Deletes}|{options.StartsAt.ToUnixTimeMilliseconds()}";
        // FNV-1a: string.GetHashCode is randomized per process.
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)hash;
    }
}
