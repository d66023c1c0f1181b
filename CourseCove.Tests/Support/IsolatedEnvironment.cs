using CourseCove.Sync.Data;
using CourseCove.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StackExchange.Redis;

namespace CourseCove.Tests.Support;

/// <summary>
/// A database of its own (migrated) on the AppHost's PostgreSQL server and a Redis database index of its own, so
/// Worker tests see only their own events: the AppHost's worker neither takes their stream entries nor their
/// pending rows.
/// </summary>
public sealed class IsolatedEnvironment : IAsyncDisposable
{
    private const int RedisDatabase = 7;
    private readonly string _adminConnectionString;
    private readonly string _databaseName = $"cc_test_{Guid.NewGuid():N}";

    private IsolatedEnvironment(AppHostFixture app)
    {
        var builder = new NpgsqlConnectionStringBuilder(app.DatabaseConnectionString);
        _adminConnectionString = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        builder.Database = _databaseName;
        DatabaseConnectionString = builder.ConnectionString;
        RedisConnectionString = $"{app.RedisConnectionString},defaultDatabase={RedisDatabase},allowAdmin=true";
        Db = new SyncDatabase(DatabaseConnectionString);
    }

    public string DatabaseConnectionString { get; }
    public string RedisConnectionString { get; }
    public SyncDatabase Db { get; }

    /// <summary>Settings that point an Api or Worker at this environment.</summary>
    public (string Key, string? Value)[] Settings =>
    [
        ("ConnectionStrings:coursecove", DatabaseConnectionString),
        ("ConnectionStrings:redis", RedisConnectionString),
    ];

    public static async Task<IsolatedEnvironment> CreateAsync(AppHostFixture app)
    {
        var env = new IsolatedEnvironment(app);
        await using (var admin = new NpgsqlConnection(env._adminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {env._databaseName}", admin);
            await create.ExecuteNonQueryAsync();
        }

        await using (var db = new SyncDbContext(new DbContextOptionsBuilder<SyncDbContext>()
            .UseNpgsql(env.DatabaseConnectionString).UseSnakeCaseNamingConvention().Options))
        {
            await db.Database.MigrateAsync();
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(env.RedisConnectionString);
        await redis.GetServers()[0].FlushDatabaseAsync(RedisDatabase);
        return env;
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
