using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using CourseCove.Worker.Reconciliation;

namespace CourseCove.Tests.Reconciliation;

/// <summary>One pass at a time across Workers: the PostgreSQL lease.</summary>
[Collection(AppHostCollection.Name)]
public sealed class ReconcileLeaseTests(AppHostFixture app) : IAsyncLifetime
{
    private IsolatedEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await IsolatedEnvironment.CreateAsync(app);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task OnlyOneHolderAtATimeAndReleasingLetsTheNextOneIn()
    {
        var first = await ReconcileLease.TryAcquireAsync(_env.Db.DataSource, CancellationToken.None);
        Assert.NotNull(first);
        Assert.Null(await ReconcileLease.TryAcquireAsync(_env.Db.DataSource, CancellationToken.None));

        await first.DisposeAsync();

        await using var second = await ReconcileLease.TryAcquireAsync(_env.Db.DataSource, CancellationToken.None);
        Assert.NotNull(second);
    }

    [Fact]
    public async Task ALeaseWhoseConnectionDiesIsReleased()
    {
        await using var holder = await ReconcileLease.TryAcquireAsync(_env.Db.DataSource, CancellationToken.None);
        Assert.NotNull(holder);

        // What happens when the Worker holding it is killed: its session ends.
        await _env.Db.ExecuteAsync(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");

        // Another Worker's own connections: the terminated one is never handed out again.
        await using var otherWorker = Npgsql.NpgsqlDataSource.Create(_env.DatabaseConnectionString);
        await Eventually.HoldsAsync(async () =>
        {
            await using var next = await ReconcileLease.TryAcquireAsync(otherWorker, CancellationToken.None);
            return next is not null;
        }, TimeSpan.FromSeconds(10), "another Worker takes the lease");
    }
}
