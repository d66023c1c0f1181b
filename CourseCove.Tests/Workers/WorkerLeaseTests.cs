using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using CourseCove.Worker.Processing;

namespace CourseCove.Tests.Workers;

/// <summary>One pass of a kind at a time across Workers: the PostgreSQL lease.</summary>
[Collection(AppHostCollection.Name)]
public sealed class WorkerLeaseTests(AppHostFixture app) : IAsyncLifetime
{
    private IsolatedEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await IsolatedEnvironment.CreateAsync(app);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private Task<WorkerLease?> TryAcquireAsync(string key) =>
        WorkerLease.TryAcquireAsync(_env.Db.DataSource, key, CancellationToken.None);

    [Fact]
    public async Task OnlyOneHolderAtATimeAndReleasingLetsTheNextOneIn()
    {
        var first = await TryAcquireAsync(WorkerLease.Reconcile);
        Assert.NotNull(first);
        Assert.Null(await TryAcquireAsync(WorkerLease.Reconcile));

        await first.DisposeAsync();

        await using var second = await TryAcquireAsync(WorkerLease.Reconcile);
        Assert.NotNull(second);
    }

    [Fact]
    public async Task APassOfOneKindDoesNotHoldUpAPassOfAnother()
    {
        await using var reconcile = await TryAcquireAsync(WorkerLease.Reconcile);
        Assert.NotNull(reconcile);

        await using var retention = await TryAcquireAsync(WorkerLease.Retention);
        Assert.NotNull(retention);
        Assert.Null(await TryAcquireAsync(WorkerLease.Retention));
    }

    [Fact]
    public async Task ALeaseWhoseConnectionDiesIsReleased()
    {
        await using var holder = await TryAcquireAsync(WorkerLease.Reconcile);
        Assert.NotNull(holder);

        // What happens when the Worker holding it is killed: its session ends.
        await _env.Db.ExecuteAsync(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");

        // Another Worker's own connections: the terminated one is never handed out again.
        await using var otherWorker = Npgsql.NpgsqlDataSource.Create(_env.DatabaseConnectionString);
        await Eventually.HoldsAsync(async () =>
        {
            await using var next = await WorkerLease.TryAcquireAsync(otherWorker, WorkerLease.Reconcile, CancellationToken.None);
            return next is not null;
        }, TimeSpan.FromSeconds(10), "another Worker takes the lease");
    }
}
