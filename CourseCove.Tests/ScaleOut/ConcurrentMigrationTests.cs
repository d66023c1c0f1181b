using CourseCove.Sync.Data;
using CourseCove.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CourseCove.Tests.ScaleOut;

/// <summary>Several Apis starting at once on an empty database (replicas, a scaled deployment) each migrate it at start.</summary>
[Collection(AppHostCollection.Name)]
public sealed class ConcurrentMigrationTests(AppHostFixture app)
{
    private const int Apis = 4;

    [Fact]
    public async Task ApisStartingTogetherOnAnEmptyDatabaseAllStartAndMigrateItOnce()
    {
        var server = new NpgsqlConnectionStringBuilder(app.DatabaseConnectionString);
        var database = $"cc_migrate_{Guid.NewGuid():N}";
        var admin = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await ExecuteAsync(admin, $"CREATE DATABASE {database}");
        var providers = Enumerable.Range(0, Apis)
            .Select(_ => Services(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database }.ConnectionString))
            .ToList();
        try
        {
            // Each as an Api's host starts it; without a lock between them, all but one failed ("... already exists").
            await Task.WhenAll(providers.Select(services =>
                new DatabaseMigrator(services, NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None)));

            await using var scope = providers[0].CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SyncDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        }
        finally
        {
            foreach (var services in providers)
            {
                await services.DisposeAsync();
            }

            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    /// <summary>What an Api registers for its migrator: the data source and the DbContext on it.</summary>
    private static ServiceProvider Services(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddNpgsqlDataSource(connectionString);
        services.AddDbContext<SyncDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>())
            .UseSnakeCaseNamingConvention());
        return services.BuildServiceProvider();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
