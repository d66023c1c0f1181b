using CourseCove.Simulator.ClerkApi;
using CourseCove.Simulator.History;
using CourseCove.Simulator.Truth;
using CourseCove.Simulator.Verification;
using CourseCove.Tests.Support;

namespace CourseCove.Tests.Reconciliation;

/// <summary>One test's Clerk: a generated history, its truth, and the fake Backend API serving the final state.</summary>
public sealed class FakeClerk : IAsyncDisposable
{
    public const string SecretKey = "sk_test_reconciliation_tests";

    private FakeClerk(ClerkHistory history, TruthModel truth, ClerkSnapshot snapshot, FakeClerkApi api) =>
        (History, Truth, Snapshot, Api) = (history, truth, snapshot, api);

    public ClerkHistory History { get; }
    public TruthModel Truth { get; }
    public ClerkSnapshot Snapshot { get; }
    public FakeClerkApi Api { get; }

    public static async Task<FakeClerk> StartAsync(HistoryOptions options, int requestLimit = 1000, TimeSpan? limitWindow = null)
    {
        var history = HistoryGenerator.Generate(options);
        var truth = TruthModel.From(history);
        var snapshot = ClerkSnapshot.From(history, truth);
        var api = await FakeClerkApi.StartAsync(snapshot, new FakeClerkOptions
        {
            SecretKey = SecretKey,
            RequestLimit = requestLimit,
            LimitWindow = limitWindow ?? TimeSpan.FromSeconds(10),
        });
        return new FakeClerk(history, truth, snapshot, api);
    }

    /// <summary>Settings that point a service at this Clerk, plus any others (which win).</summary>
    public (string Key, string? Value)[] Settings(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Clerk:SecretKey"] = SecretKey, ["Clerk:ApiUrl"] = Api.ApiUrl.ToString() };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings.Select(s => (s.Key, s.Value)).ToArray();
    }

    /// <summary>Delivers the chosen events through the real processor, in Clerk's order, as webhooks would.</summary>
    public async Task DeliverAsync(SyncDatabase db, Func<HistoryEvent, bool> which)
    {
        foreach (var evt in History.Events.Where(which))
        {
            await db.DeliverAsync(evt.Body, evt.SvixId);
        }
    }

    /// <summary>Differences between the synced tables and Clerk's truth (deleted users may be absent).</summary>
    public Task<IReadOnlyList<string>> DifferencesAsync(IsolatedEnvironment env) =>
        new DatabaseVerifier(env.DatabaseConnectionString, History, Truth).VerifyStateAsync();

    /// <summary>Rows the database has beyond Clerk's truth: live users, organizations and memberships, counted.</summary>
    public async Task<(long Users, long Organizations, long Memberships)> CountsAsync(IsolatedEnvironment env) => (
        await env.Db.CountAsync("SELECT count(*) FROM users WHERE status = 'ACTIVE'"),
        await env.Db.CountAsync("SELECT count(*) FROM organizations"),
        await env.Db.CountAsync("SELECT count(*) FROM organization_memberships"));

    public (long Users, long Organizations, long Memberships) TruthCounts =>
        (Snapshot.Users.Count, Snapshot.Organizations.Count, Snapshot.Memberships.Count);

    public ValueTask DisposeAsync() => Api.DisposeAsync();
}
