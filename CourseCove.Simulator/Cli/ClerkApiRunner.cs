using CourseCove.Simulator.ClerkApi;
using CourseCove.Simulator.History;
using Spectre.Console;

namespace CourseCove.Simulator.Cli;

/// <summary><c>--serve-clerk-api</c>: plays Clerk's Backend API with the history's final state until stopped.</summary>
internal static class ClerkApiRunner
{
    public static async Task<int> RunAsync(ClerkApiSettings settings, CancellationToken ct)
    {
        var snapshot = ClerkSnapshot.From(HistoryGenerator.Generate(settings.History));
        using var sessionKey = SessionKeyFile.LoadOrCreate(settings.SessionKeyPath);
        await using var fake = await FakeClerkApi.StartAsync(snapshot, settings.Fake with { SessionKey = sessionKey }, settings.ListenUrl.ToString(), ct);
        // Where --mint-token finds the key and the issuer to sign for.
        SessionKeyFile.Save(settings.SessionKeyPath, sessionKey, fake.Issuer);
        var (users, organizations, memberships) = (snapshot.Users.Count, snapshot.Organizations.Count, snapshot.Memberships.Count);
        var (limit, window) = (settings.Fake.RequestLimit, settings.Fake.LimitWindow.TotalSeconds);
        AnsiConsole.MarkupLineInterpolated(
            $"Serving a fake Clerk Backend API at [bold]{fake.ApiUrl}[/] (seed {settings.History.Seed}): {users} users, {organizations} organizations, {memberships} memberships; {limit} requests per {window:0.#} s; session tokens issued as {fake.Issuer}. Ctrl+C stops it.");
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }

        var stats = fake.Stats;
        AnsiConsole.MarkupLineInterpolated(
            $"Served {stats.Requests} requests: {stats.RateLimited} rate limited (429), at most {stats.MaxAcceptedPerWindow} accepted in one window.");
        return 0;
    }
}
