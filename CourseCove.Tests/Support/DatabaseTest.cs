using CourseCove.Tests.Infrastructure;

namespace CourseCove.Tests.Support;

/// <summary>Base for tests that drive the processor against the AppHost's PostgreSQL.</summary>
public abstract class DatabaseTest(AppHostFixture app) : IAsyncLifetime
{
    protected SyncDatabase Db { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Db = new SyncDatabase(app.DatabaseConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Db.DisposeAsync();
}
