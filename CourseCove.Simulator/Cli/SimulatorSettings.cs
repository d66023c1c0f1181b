using System.CommandLine;
using System.Globalization;
using CourseCove.Simulator.Delivery;
using CourseCove.Simulator.History;
using CourseCove.Sync;
using CourseCove.Sync.Events;

namespace CourseCove.Simulator.Cli;

/// <summary>The validated settings of one run, from the command line and, where it is silent, the environment.</summary>
internal sealed record SimulatorSettings(
    HistoryOptions History,
    DeliveryOptions Delivery,
    TimeSpan? Duration,
    string? VerifyConnectionString,
    TimeSpan ConsistencyTimeout,
    string? HandOffRedis = null,
    bool VerifyOnly = false)
{
    // What Aspire injects for WithReference(api), WithReference(database) and the Api's own Clerk setting.
    private static readonly string[] TargetVariables =
    [
        $"services__{ResourceNames.Api}__http__0", $"services__{ResourceNames.Api}__https__0",
        $"{ResourceNames.Api.ToUpperInvariant()}_HTTP", $"{ResourceNames.Api.ToUpperInvariant()}_HTTPS",
    ];

    private const string SecretVariable = "Clerk__WebhookSigningSecret";
    private const string DatabaseVariable = $"ConnectionStrings__{ResourceNames.Database}";

    public static (SimulatorSettings? Settings, IReadOnlyList<string> Errors) From(
        ParseResult parsed, Func<string, string?> environment)
    {
        List<string> errors = [];
        var history = HistoryFrom(parsed);
        errors.AddRange(history.Validate());

        var target = parsed.GetValue(SimulatorCommand.Target)
            ?? TargetVariables.Select(environment).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        Uri? targetUri = null;
        if (string.IsNullOrWhiteSpace(target))
        {
            errors.Add($"--target is required (or set {TargetVariables[0]}): the Api's base address, e.g. http://localhost:5080.");
        }
        else if (!Uri.TryCreate(target, UriKind.Absolute, out targetUri) || targetUri.Scheme is not ("http" or "https"))
        {
            errors.Add($"--target must be an absolute http:// or https:// address (was '{target}').");
        }

        // A rotating endpoint configures several secrets separated by spaces; any of them signs.
        var secret = parsed.GetValue(SimulatorCommand.Secret)
            ?? environment(SecretVariable)?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (string.IsNullOrWhiteSpace(secret))
        {
            errors.Add($"--secret is required (or set {SecretVariable}): the endpoint's whsec_... signing secret.");
        }
        else if (!SigningSecret.IsWellFormed(secret))
        {
            errors.Add("--secret is malformed: it must be 'whsec_' followed by a base64 key of at least 16 bytes.");
        }

        if (!DeliveryOrder.TryParse(parsed.GetValue(SimulatorCommand.Order), out var order, out var orderError))
        {
            errors.Add(orderError!);
        }

        var rate = parsed.GetValue(SimulatorCommand.Rate);
        var durationText = parsed.GetValue(SimulatorCommand.Duration);
        TimeSpan? duration = null;
        if (durationText is not null && rate is null)
        {
            errors.Add("--duration only applies with --rate.");
        }
        else if (rate is not null)
        {
            duration = ParseDuration(durationText ?? "30s", "--duration", errors);
        }

        var delivery = new DeliveryOptions
        {
            Target = targetUri,
            Secret = secret ?? "",
            Concurrency = parsed.GetValue(SimulatorCommand.Concurrency),
            Order = order,
            DuplicateShare = parsed.GetValue(SimulatorCommand.Duplicates),
            Seed = history.Seed,
            TimeScale = parsed.GetValue(SimulatorCommand.TimeScale),
            MaxAttempts = parsed.GetValue(SimulatorCommand.MaxAttempts),
            Race = parsed.GetValue(SimulatorCommand.Race),
            Rate = rate,
        };
        errors.AddRange(delivery.Validate());

        var consistencyTimeout = ParseDuration(parsed.GetValue(SimulatorCommand.ConsistencyTimeout)!, "--consistency-timeout", errors);
        var verify = parsed.GetValue(SimulatorCommand.Verify) ?? environment(DatabaseVariable);
        var handOff = parsed.GetValue(SimulatorCommand.HandOff);
        var verifyOnly = parsed.GetValue(SimulatorCommand.VerifyOnly);
        if (verifyOnly && string.IsNullOrWhiteSpace(verify))
        {
            errors.Add("--verify-only needs --verify: the PostgreSQL database to check.");
        }

        if (handOff is not null && string.IsNullOrWhiteSpace(verify))
        {
            errors.Add("--hand-off needs --verify: the PostgreSQL database to record the events in.");
        }

        return errors.Count > 0
            ? (null, errors)
            : (new SimulatorSettings(history, delivery, duration, string.IsNullOrWhiteSpace(verify) ? null : verify,
                consistencyTimeout!.Value, handOff, verifyOnly), errors);
    }

    /// <summary>The history options given on the command line (the fake Backend API serves the same history).</summary>
    public static HistoryOptions HistoryFrom(ParseResult parsed) => new()
    {
        Users = parsed.GetValue(SimulatorCommand.Users),
        Organizations = parsed.GetValue(SimulatorCommand.Orgs),
        Memberships = parsed.GetValue(SimulatorCommand.Memberships),
        Updates = parsed.GetValue(SimulatorCommand.Updates),
        Deletes = parsed.GetValue(SimulatorCommand.Deletes),
        Seed = parsed.GetValue(SimulatorCommand.Seed),
    };

    /// <summary>"500ms", "30s", "2m", "1h", a bare number of seconds, or hh:mm:ss.</summary>
    internal static TimeSpan? ParseDuration(string text, string option, List<string> errors)
    {
        var value = text.Trim().ToLowerInvariant();
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, seconds) in units)
        {
            if (value.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(value[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                return TimeSpan.FromSeconds(n * seconds);
            }
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare) && bare > 0)
        {
            return TimeSpan.FromSeconds(bare);
        }

        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        errors.Add($"{option} must be a positive duration such as 500ms, 30s, 2m or 00:01:00 (was '{text}').");
        return null;
    }
}
