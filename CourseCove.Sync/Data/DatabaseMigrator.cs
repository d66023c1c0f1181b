using CourseCove.Sync.Processing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CourseCove.Sync.Data;

/// <summary>Brings the database to the current schema before the host starts serving (<c>Database:MigrateOnStart</c>).</summary>
internal sealed partial class DatabaseMigrator(IServiceProvider services, ILogger<DatabaseMigrator> logger) : IHostedService
{
    /// <summary>The session advisory lock every Api takes while it migrates.</summary>
    public const string LockKey = "coursecove:migrations";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Apis started together (CourseCove:ApiReplicas, a scaled deployment) would each apply the same migrations, and
        // all but the first fail ("column ... already exists", measured in 3 of 6 rounds of two Apis on an empty database):
        // EF Core's own migration lock does not keep them apart here. One at a time, under a session advisory lock on a
        // connection of its own; the later ones find nothing pending. PostgreSQL releases it if this process dies.
        await using var lockConnection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken);
        await lockConnection.ExecuteAsync("SELECT pg_advisory_lock(hashtextextended($1, 0))", cancellationToken, LockKey);
        try
        {
            await MigrateAsync(cancellationToken);
        }
        finally
        {
            try
            {
                // Pooled connections keep session state (No Reset On Close): unlock before handing it back.
                await lockConnection.ExecuteAsync("SELECT pg_advisory_unlock(hashtextextended($1, 0))", CancellationToken.None, LockKey);
            }
            catch (NpgsqlException)
            {
                // The session is gone, and PostgreSQL released the lock with it.
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SyncDbContext>();
        // Npgsql's provider learns whether __EFMigrationsHistory exists by querying it and catching "undefined table",
        // which EF Core logs as a failed command: on an empty database, a red error on every first start. Creating the
        // table first (what MigrateAsync does anyway) leaves nothing to fail.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, pending.Count);
    }

    [LoggerMessage(LogLevel.Information, "Database schema is current ({Applied} migrations applied)")]
    private static partial void LogMigrated(ILogger logger, int applied);
}
