using Microsoft.Extensions.DependencyInjection;

namespace CourseCove.AppHost.Infrastructure;

/// <summary>Adds Redis as a local redis-server process with an append-only file; the local twin of AddRedis.</summary>
internal static class LocalRedisBuilderExtensions
{
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, string redisServerPath, string dataDirectory)
    {
        // StackExchange.Redis cannot parse passwords with commas, hence no special characters (as AddRedis).
        var password = ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-password", special: false);
        var redis = new LocalRedisResource(name, redisServerPath, dataDirectory, password);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis, async (_, ct) =>
            connectionString = await redis.ConnectionStringExpression.GetValueAsync(ct));
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, async (_, ct) =>
        {
            Directory.CreateDirectory(dataDirectory);
            await OwnerOnlyFile.WriteAsync(redis.ConfigFile, Config(dataDirectory, await password.GetValueAsync(ct) ?? ""), ct);
        });

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => connectionString ?? throw new InvalidOperationException("Connection string is unavailable"),
            name: healthCheckKey);

        return builder.AddResource(redis)
            .WithEndpoint(name: LocalRedisResource.PrimaryEndpointName, scheme: "tcp")
            // The port DCP assigns behind its proxy is only known to DCP, so it goes on the command line.
            .WithArgs(context =>
            {
                context.Args.Add(redis.ConfigFile);
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
            })
            .WithHealthCheck(healthCheckKey);
    }

    // AOF on: webhook events queued in Redis must survive a restart. RDB snapshots off: the AOF is the record.
    private static string Config(string dataDirectory, string password) => $"""
        bind 127.0.0.1
        protected-mode yes
        dir "{Escape(dataDirectory)}"
        appendonly yes
        appendfsync everysec
        save ""
        requirepass "{Escape(password)}"
        """;

    private static string Escape(string value) => value.Replace(@"\", @"\\").Replace("\"", "\\\"");
}
