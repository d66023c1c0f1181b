using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CourseCove.Sync.Data;

/// <summary>Brings the database to the current schema before the host starts serving (<c>Database:MigrateOnStart</c>).</summary>
internal sealed partial class DatabaseMigrator(IServiceProvider services, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SyncDbContext>();
        // Npgsql's provider learns whether __EFMigrationsHistory exists by querying it and catching "undefined table",
        // which EF Core logs as a failed command: on an empty database, a red error on every first start. Creating the
        // table first (what MigrateAsync does anyway, concurrency-safe) leaves nothing to fail.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, pending.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Database schema is current ({Applied} migrations applied)")]
    private static partial void LogMigrated(ILogger logger, int applied);
}
