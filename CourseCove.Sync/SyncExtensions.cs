using CourseCove.Sync.Data;
using CourseCove.Sync.Processing;
using CourseCove.Sync.Streaming;
using CourseCove.Sync.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace CourseCove.Sync;

/// <summary>Registers what both the Api and the Worker need: PostgreSQL, Redis and the event processor.</summary>
public static class SyncExtensions
{
    public static TBuilder AddCourseCoveSync<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddNpgsqlDataSource(ResourceNames.Database, configureDataSourceBuilder: dataSource =>
        {
            // The processor runs the same few statements for every event: let Npgsql prepare them after a few uses
            // (a connection string that sets Max Auto Prepare itself wins). Nothing here leaves session state behind
            // (advisory locks are transaction-scoped), so a pooled connection needs no reset round trip either.
            var settings = dataSource.ConnectionStringBuilder;
            if (settings.MaxAutoPrepare == 0)
            {
                settings.MaxAutoPrepare = 32;
            }

            settings.NoResetOnClose = true;
            dataSource.ConfigureTracing(tracing => tracing
                .ConfigureCommandSpanNameProvider(DatabaseSpanNames.For)
                .ConfigureBatchSpanNameProvider(DatabaseSpanNames.For));
        });
        builder.Services.AddDbContextPool<SyncDbContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>())
            .UseSnakeCaseNamingConvention());
        // PostgreSQL is health-checked through the data source above. The DbContext check would check it again, and
        // its first run builds the EF model: seconds in the Worker, which never uses EF otherwise, so the AppHost's
        // first probe timed out and the Worker logged "Health check SyncDbContext … Unhealthy … canceled" at start.
        builder.EnrichNpgsqlDbContext<SyncDbContext>(settings => settings.DisableHealthChecks = true);

        builder.AddRedisClient(ResourceNames.Redis);
        builder.Services.AddSingleton<EventProcessor>();
        builder.Services.AddSingleton<WebhookEventLog>();
        builder.Services.AddSingleton<WebhookQueue>();
        return builder;
    }

    /// <summary>Applies migrations at start unless <c>Database:MigrateOnStart</c> is false.</summary>
    public static TBuilder AddDatabaseMigrations<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new();
        if (options.MigrateOnStart)
        {
            builder.Services.AddHostedService<DatabaseMigrator>();
        }

        return builder;
    }
}
