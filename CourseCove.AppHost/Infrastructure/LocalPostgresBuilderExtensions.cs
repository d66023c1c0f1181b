using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CourseCove.AppHost.Infrastructure;

/// <summary>Adds PostgreSQL as a local process; the local twin of Aspire's AddPostgres/AddDatabase.</summary>
internal static class LocalPostgresBuilderExtensions
{
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string binDirectory, string dataDirectory, int? port = null)
    {
        // Same parameter name as AddPostgres, so a password kept in user secrets serves either mode.
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password");
        var account = PostgresAccount.ForCurrentProcess();
        var dataFolder = new PostgresDataFolder(dataDirectory, binDirectory, account);
        var (command, arguments) = account.Wrap(Path.Combine(binDirectory, "postgres"),
            "-D", dataDirectory,
            "-c", "listen_addresses=127.0.0.1",
            "-c", $"unix_socket_directories={dataFolder.SocketDirectory}",
            // Durability is the product: never let a tuned postgresql.conf turn these off.
            "-c", "fsync=on",
            "-c", "synchronous_commit=on",
            "-c", "full_page_writes=on");
        var server = new LocalPostgresResource(name, command, Path.GetDirectoryName(dataDirectory)!, password);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(server, async (_, ct) =>
            connectionString = await server.ConnectionStringExpression.GetValueAsync(ct));
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (@event, ct) =>
        {
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
            await dataFolder.PrepareAsync(await password.GetValueAsync(ct) ?? "", logger, ct);
        });
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, (@event, ct) =>
            CreateDatabasesAsync(server, connectionString, @event.Services, ct));

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => (connectionString ?? throw new InvalidOperationException("Connection string is unavailable")) + ";Database=postgres",
            name: healthCheckKey);

        return builder.AddResource(server)
            .WithArgs(arguments)
            // The postgres binary takes its port from PGPORT; DCP fills it with the port behind its proxy.
            .WithEndpoint(name: LocalPostgresResource.PrimaryEndpointName, scheme: "tcp", port: port, env: "PGPORT")
            .WithHealthCheck(healthCheckKey);
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresResource> server, string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource);

        string? connectionString = null;
        server.ApplicationBuilder.Eventing.Subscribe<ConnectionStringAvailableEvent>(database, async (_, ct) =>
            connectionString = await database.ConnectionStringExpression.GetValueAsync(ct));
        // Aspire only mirrors a parent's state onto children of containers; for a process the child follows here.
        server.ApplicationBuilder.Eventing.Subscribe<ResourceStoppedEvent>(server.Resource, (@event, _) =>
            @event.Services.GetRequiredService<ResourceNotificationService>()
                .PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Finished, StopTimeStamp = DateTime.UtcNow }));

        var healthCheckKey = $"{name}_check";
        server.ApplicationBuilder.Services.AddHealthChecks().AddNpgSql(
            _ => connectionString ?? throw new InvalidOperationException("Connection string is unavailable"),
            name: healthCheckKey);

        return server.ApplicationBuilder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.NotStarted,
                Properties = [],
            })
            .WithHealthCheck(healthCheckKey);
    }

    // As Aspire's AddPostgres does on ResourceReadyEvent: create each database, then mark it running so its health check starts.
    private static async Task CreateDatabasesAsync(
        LocalPostgresResource server, string? connectionString, IServiceProvider services, CancellationToken cancellationToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var databases = services.GetRequiredService<DistributedApplicationModel>()
            .Resources.OfType<LocalPostgresDatabaseResource>().Where(d => d.Parent == server);
        foreach (var database in databases)
        {
            try
            {
                await CreateDatabaseAsync(connectionString, database.DatabaseName, cancellationToken);
                await notifications.PublishUpdateAsync(database, s => s with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = DateTime.UtcNow,
                    StopTimeStamp = null,
                });
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // Failed, not left waiting: whatever waits for the database then stops with this reason.
                services.GetRequiredService<ResourceLoggerService>().GetLogger(database)
                    .LogError(e, "Could not create database {Database}", database.DatabaseName);
                await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.FailedToStart });
            }
        }
    }

    private static async Task CreateDatabaseAsync(string? connectionString, string databaseName, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Database=postgres;Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{databaseName}\"", connection);
        try
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Already there from an earlier run: the database's own answer, not a check-then-create race.
        }
    }
}
