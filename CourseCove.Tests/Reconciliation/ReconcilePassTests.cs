using CourseCove.Simulator.History;
using CourseCove.Sync.Data;
using CourseCove.Sync.Telemetry;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using static CourseCove.Sync.Events.ClerkEventTypes;

namespace CourseCove.Tests.Reconciliation;

/// <summary>Reconciliation passes against the fake Clerk and a database of their own.</summary>
[Collection(AppHostCollection.Name)]
public sealed class ReconcilePassTests(AppHostFixture app) : IAsyncLifetime
{
    private static readonly HistoryOptions SmallInstance = new() { Users = 300, Organizations = 20, Memberships = 400, Updates = 100, Deletes = 40 };
    private static readonly HashSet<string> Deletions = [UserDeleted, OrganizationDeleted, MembershipDeleted];
    private IsolatedEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await IsolatedEnvironment.CreateAsync(app);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task ObjectsDeletedInClerkWhileTheirWebhooksWereMissedAreRemovedByThePass()
    {
        await using var clerk = await FakeClerk.StartAsync(SmallInstance with { Seed = 1001 });
        await clerk.DeliverAsync(_env.Db, e => !Deletions.Contains(e.Type));
        Assert.NotEmpty(await clerk.DifferencesAsync(_env));
        using var host = ReconcileHost.Create(_env, clerk.Settings(("Clerk:PageSize", "50")));

        var run = await host.RunPassAsync();

        Assert.Equal(ReconcileRun.Completed, run.Status);
        Assert.True(run.Changed.Deleted > 0, "the pass deleted nothing");
        Assert.Empty(await clerk.DifferencesAsync(_env));
        Assert.Equal(clerk.TruthCounts, await clerk.CountsAsync(_env));
    }

    [Fact]
    public async Task APassWhoseApiDiesHalfwayDeletesNothing()
    {
        await using var clerk = await FakeClerk.StartAsync(SmallInstance with { Seed = 1002 });
        await clerk.DeliverAsync(_env.Db, e => !Deletions.Contains(e.Type));
        var before = await clerk.CountsAsync(_env);
        using var host = ReconcileHost.Create(_env, clerk.Settings(("Clerk:PageSize", "50"), ("Clerk:MaxRetries", "1")));
        // The users' count and pages and the organizations' page come first: the API dies among the memberships.
        clerk.Api.FailFrom(1 + (clerk.Snapshot.Users.Count / 50 + 1) + 1 + 2);

        var run = await host.RunPassAsync();

        Assert.Equal(ReconcileRun.Failed, run.Status);
        Assert.Contains("memberships", run.Error);
        Assert.Equal(0, run.Changed.Deleted);
        Assert.Equal(before, await clerk.CountsAsync(_env));
        Assert.True(before.Users > clerk.TruthCounts.Users, "the set-up left no deleted user to keep");
    }

    [Fact]
    public async Task ObjectsOffsetPagingSkippedAreKeptBecauseClerkStillHasThem()
    {
        await using var clerk = await FakeClerk.StartAsync(SmallInstance with { Seed = 1003 });
        await clerk.DeliverAsync(_env.Db, _ => true);
        var (user, organization) = (clerk.Snapshot.Users[7].Id, clerk.Snapshot.Organizations[2].Id);
        // The lists miss them (as when earlier rows are deleted mid-read); a lookup by id still finds them.
        clerk.Api.Lists = clerk.Snapshot.Without(new HashSet<string> { user, organization });
        using var host = ReconcileHost.Create(_env, clerk.Settings(("Clerk:PageSize", "50")));

        var run = await host.RunPassAsync();

        Assert.Equal(ReconcileRun.Completed, run.Status);
        Assert.Equal(0, run.Changed.Deleted);
        Assert.Equal(User.Active, (await _env.Db.UserAsync(user))?.Status);
        Assert.NotNull(await _env.Db.OrganizationAsync(organization));
        Assert.Empty(await clerk.DifferencesAsync(_env));
    }

    [Fact]
    public async Task APassThatHitsRateLimitsWaitsAsToldAndStillConverges()
    {
        const int limit = 4;
        await using var clerk = await FakeClerk.StartAsync(
            new HistoryOptions { Users = 150, Organizations = 10, Memberships = 150, Updates = 0, Deletes = 0, Seed = 1004 },
            requestLimit: limit, limitWindow: TimeSpan.FromSeconds(1));
        // A budget far above Clerk's limit: only Clerk's 429s and their Retry-After hold the pass back.
        using var host = ReconcileHost.Create(_env, clerk.Settings(
            ("Clerk:PageSize", "50"), ("Clerk:RequestBudget", "100"), ("Clerk:RequestBudgetWindow", "00:00:01")));
        using var metrics = new MetricCollector();

        var run = await host.RunPassAsync();

        Assert.Equal(ReconcileRun.Completed, run.Status);
        Assert.Empty(await clerk.DifferencesAsync(_env));
        var stats = clerk.Api.Stats;
        Assert.True(stats.RateLimited > 0, "Clerk never answered 429: the test proves nothing");
        Assert.True(stats.MaxAcceptedPerWindow <= limit);
        // After a 429 the client waits Retry-After: at most the requests already in flight meet a closed window.
        Assert.True(stats.RateLimited <= 4 * stats.WindowsWithRejections,
            $"{stats.RateLimited} 429s in {stats.WindowsWithRejections} windows: the client kept knocking");
        Assert.Equal(run.Changed.Created, metrics.Sum("coursecove.reconcile.objects", ("action", "created")));
        Assert.Equal(clerk.Snapshot.Users.Count, metrics.Sum("coursecove.reconcile.objects", ("kind", ReconcileTelemetry.User)));
    }

    [Fact]
    public async Task APassWithinTheRequestBudgetIsNeverRateLimited()
    {
        await using var clerk = await FakeClerk.StartAsync(
            new HistoryOptions { Users = 150, Organizations = 10, Memberships = 150, Updates = 0, Deletes = 0, Seed = 1005 },
            requestLimit: 10, limitWindow: TimeSpan.FromSeconds(1));
        using var host = ReconcileHost.Create(_env, clerk.Settings(
            ("Clerk:PageSize", "50"), ("Clerk:RequestBudget", "5"), ("Clerk:RequestBudgetWindow", "00:00:01")));

        var run = await host.RunPassAsync();

        Assert.Equal(ReconcileRun.Completed, run.Status);
        Assert.Equal(0, clerk.Api.Stats.RateLimited);
        Assert.True(clerk.Api.Stats.Requests > 5, "too few requests for the budget to matter");
        Assert.Empty(await clerk.DifferencesAsync(_env));
    }
}
