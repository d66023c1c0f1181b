using System.CommandLine;
using System.Globalization;
using CourseCove.Simulator.ClerkApi;
using CourseCove.Simulator.History;

namespace CourseCove.Simulator.Cli;

/// <summary>The validated settings of <c>--serve-clerk-api</c>: where to listen, the key, the rate limit, the history.</summary>
internal sealed record ClerkApiSettings(Uri ListenUrl, FakeClerkOptions Fake, HistoryOptions History, string SessionKeyPath)
{
    private const string SecretKeyVariable = "Clerk__SecretKey";

    public static bool IsRequested(ParseResult parsed) => parsed.GetValue(SimulatorCommand.ServeClerkApi) is not null;

    public static (ClerkApiSettings? Settings, IReadOnlyList<string> Errors) From(ParseResult parsed, Func<string, string?> environment)
    {
        List<string> errors = [];
        var history = SimulatorSettings.HistoryFrom(parsed);
        errors.AddRange(history.Validate());

        var url = parsed.GetValue(SimulatorCommand.ServeClerkApi)!;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var listen) || listen.Scheme is not ("http" or "https"))
        {
            errors.Add($"--serve-clerk-api must be an absolute http:// address to listen on, e.g. http://127.0.0.1:5090 (was '{url}').");
        }

        var key = parsed.GetValue(SimulatorCommand.ClerkSecretKey) ?? environment(SecretKeyVariable);
        if (string.IsNullOrWhiteSpace(key) || !key.StartsWith("sk_", StringComparison.Ordinal))
        {
            errors.Add($"--clerk-secret-key (or {SecretKeyVariable}) is required with --serve-clerk-api: an sk_live_... or sk_test_... key.");
            key = "sk_";
        }

        var fake = FakeClerkOptions.LikeClerk(key);
        if (parsed.GetValue(SimulatorCommand.ClerkRateLimit) is { } limit)
        {
            fake = ParseLimit(limit, fake, errors);
        }

        var sessionKey = parsed.GetValue(SimulatorCommand.SessionKeyPath) ?? SessionKeyFile.DefaultPath;
        return errors.Count > 0 ? (null, errors) : (new ClerkApiSettings(listen!, fake, history, sessionKey), errors);
    }

    /// <summary>"1000/10s": requests per window.</summary>
    private static FakeClerkOptions ParseLimit(string text, FakeClerkOptions fake, List<string> errors)
    {
        var parts = text.Split('/', 2);
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var requests) && requests > 0
            && SimulatorSettings.ParseDuration(parts[1], "--clerk-rate-limit", errors) is { } window)
        {
            return fake with { RequestLimit = requests, LimitWindow = window };
        }

        errors.Add($"--clerk-rate-limit must look like 1000/10s: requests per window (was '{text}').");
        return fake;
    }
}
