using CourseCove.Sync;

namespace CourseCove.AppHost.Infrastructure;

/// <summary>The database and Redis the services reference, whichever way they run.</summary>
internal sealed record CourseCoveInfrastructure(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Redis);

/// <summary>Adds PostgreSQL (with the coursecove database) and Redis as containers or as local processes.</summary>
internal static class CourseCoveInfrastructureExtensions
{
    public static CourseCoveInfrastructure AddCourseCoveInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var settings = InfrastructureSettings.From(builder.Configuration, builder.AppHostDirectory);
        var probes = MachineProbes.Create(builder.Configuration["ASPIRE_CONTAINER_RUNTIME"]);
        var choice = InfrastructureModeResolver.Resolve(settings.Mode, probes);
        return choice.Mode switch
        {
            InfrastructureMode.Containers => builder.AddContainerInfrastructure(settings),
            InfrastructureMode.Local => builder.AddLocalInfrastructure(choice, settings),
            _ => throw new ArgumentOutOfRangeException(nameof(builder), choice.Mode, "Unknown infrastructure mode."),
        };
    }

    private static CourseCoveInfrastructure AddContainerInfrastructure(this IDistributedApplicationBuilder builder, InfrastructureSettings settings)
    {
        var postgres = builder.AddPostgres(ResourceNames.Postgres, port: settings.PostgresPort);
        var redis = builder.AddRedis(ResourceNames.Redis).WithAppendOnlyFile();

        // An explicit data directory (the tests use a fresh one) keeps the data there instead of in the shared named volumes.
        if (settings.DataDirectoryConfigured)
        {
            // A bind mount's source must exist before the container is created.
            Directory.CreateDirectory(settings.PostgresDirectory);
            Directory.CreateDirectory(settings.RedisDirectory);
            postgres.WithDataBindMount(settings.PostgresDirectory);
            redis.WithDataBindMount(settings.RedisDirectory);
        }
        else
        {
            postgres.WithDataVolume();
            redis.WithDataVolume();
        }

        return new(postgres.AddDatabase(ResourceNames.Database), redis);
    }

    private static CourseCoveInfrastructure AddLocalInfrastructure(
        this IDistributedApplicationBuilder builder, InfrastructureChoice choice, InfrastructureSettings settings)
    {
        var postgres = builder.AddLocalPostgres(ResourceNames.Postgres, choice.PostgresBinDirectory!, settings.PostgresDirectory, settings.PostgresPort);
        var redis = builder.AddLocalRedis(ResourceNames.Redis, choice.RedisServerPath!, settings.RedisDirectory);
        return new(postgres.AddDatabase(ResourceNames.Database), redis);
    }

    /// <summary>Turns on Redis's append-only file on top of the RDB snapshots <c>WithDataVolume</c> enables.</summary>
    /// <remarks>
    /// Aspire 13.6's <c>WithPersistence</c> only sets <c>--save</c> (RDB). Its container arguments are a list of
    /// redis-server flags in run mode, but one <c>sh -c "redis-server ..."</c> string when published; the flag joins either.
    /// Published, every write is also fsynced before Redis answers (<c>appendfsync always</c>): while PostgreSQL is down
    /// the stream entry is an event's only copy, and the Api has answered 2xx for it, so a power loss must not take it
    /// (docs/deployment.md). In development the default (<c>everysec</c>) loses nothing when only a process dies.
    /// </remarks>
    private static IResourceBuilder<RedisResource> WithAppendOnlyFile(this IResourceBuilder<RedisResource> redis) =>
        redis.WithArgs(context =>
        {
            var shellCommand = context.Args.IndexOf("-c") + 1;
            if (shellCommand > 0 && shellCommand < context.Args.Count && context.Args[shellCommand] is string command)
            {
                context.Args[shellCommand] = $"{command} --appendonly yes --appendfsync always";
                return;
            }

            context.Args.Add("--appendonly");
            context.Args.Add("yes");
        });
}
