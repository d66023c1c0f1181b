using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CourseCove.Simulator.History;
using CourseCove.Sync.Data;
using CourseCove.Sync.Reconciliation;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;

namespace CourseCove.Tests.Reconciliation;

/// <summary>The real Worker (in process) backfilling and reconciling from the fake Clerk, asked through the real Api.</summary>
[Collection(AppHostCollection.Name)]
public sealed class BackfillTests(AppHostFixture app) : IAsyncLifetime
{
    private const string AdminKey = "backfill-tests-admin-key";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private IsolatedEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await IsolatedEnvironment.CreateAsync(app);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task AWorkerOnAnEmptyDatabaseBackfillsItFromClerk()
    {
        await using var clerk = await FakeClerk.StartAsync(
            new HistoryOptions { Users = 5000, Organizations = 200, Memberships = 8000, Updates = 1000, Deletes = 200, Seed = 2001 });
        await using var worker = new WorkerFactory(app, [.. _env.Settings, .. clerk.Settings(("Worker:ConsumerName", "backfill-worker"))]);

        worker.Start();
        await Eventually.HoldsAsync(async () => await _env.Db.CountAsync(
            "SELECT count(*) FROM reconcile_runs WHERE status <> 'running' AND source = 'schedule'") == 1, Patience, "the start-up pass ends");

        Assert.Equal(ReconcileRun.Completed, await StatusAsync());
        Assert.Empty(await clerk.DifferencesAsync(_env));
        Assert.Equal(clerk.TruthCounts, await clerk.CountsAsync(_env));
        // 500 objects a page: about two requests per thousand objects, plus the count and one short page per list.
        var perThousand = 1000.0 * clerk.Api.Stats.Requests / clerk.Snapshot.ObjectCount;
        Assert.True(perThousand < 2.5, $"{clerk.Api.Stats.Requests} requests for {clerk.Snapshot.ObjectCount} objects");
    }

    [Fact]
    public async Task WebhooksWithTenPercentDroppedConvergeAfterAReconcileRequest()
    {
        await using var clerk = await FakeClerk.StartAsync(
            new HistoryOptions { Users = 400, Organizations = 30, Memberships = 600, Updates = 300, Deletes = 60, Seed = 2002 });
        var dropped = new Random(2002);
        await clerk.DeliverAsync(_env.Db, _ => dropped.NextDouble() >= 0.10);
        Assert.NotEmpty(await clerk.DifferencesAsync(_env));
        (string, string?)[] settings = [.. _env.Settings, .. clerk.Settings(("Clerk:ReconcileInterval", "00:00:00"), ("Admin:ApiKey", AdminKey))];
        await using var worker = new WorkerFactory(app, [.. settings, ("Worker:ConsumerName", "reconcile-worker")]);
        worker.Start();
        await using var api = new ApiFactory(app, settings);
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);

        using var started = await client.PostAsync("/api/sync/reconcile", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<ReconcileRunView>())!.Id;
        ReconcileRunView? run = null;
        await Eventually.HoldsAsync(async () =>
            (run = await client.GetFromJsonAsync<ReconcileRunView>($"/api/sync/reconcile/{id}"))!.Status != ReconcileRun.Running,
            Patience, "the requested pass ends");

        Assert.Equal(ReconcileRun.Completed, run!.Status);
        Assert.NotNull(run.FinishedAt);
        Assert.True(run.Changed.Created + run.Changed.Updated + run.Changed.Deleted > 0, "the pass repaired nothing");
        Assert.Empty(await clerk.DifferencesAsync(_env));
        Assert.Equal(clerk.TruthCounts, await clerk.CountsAsync(_env));
    }

    private async Task<string> StatusAsync()
    {
        await using var command = _env.Db.DataSource.CreateCommand("SELECT status FROM reconcile_runs");
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
