extern alias AppHost;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CourseCove.Sync;

namespace CourseCove.Tests.Infrastructure;

/// <summary>The containers wiring, checked on the application model: it builds without Docker, nothing starts.</summary>
public sealed class ContainerModeModelTests
{
    private static Task<IDistributedApplicationTestingBuilder> ContainersAppHostAsync(params string[] args) =>
        DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.CourseCove_AppHost>(
            ["--CourseCove:Infrastructure=containers", .. args]);

    [Fact]
    public async Task RedisContainerRunsWithAnAppendOnlyFile()
    {
        var args = await RedisArgumentsAsync(DistributedApplicationOperation.Run);

        Assert.Equal("redis-server", args[0]);
        Assert.Contains("--appendonly yes", string.Join(' ', args));
    }

    [Fact]
    public async Task PublishedRedisContainerKeepsTheAppendOnlyFileInsideItsShellCommand()
    {
        var args = await RedisArgumentsAsync(DistributedApplicationOperation.Publish);

        // Published, Aspire runs `sh -c "redis-server ..."`: the flags must be inside that one string. Every write is
        // fsynced before Redis answers: the Redis-only path (PostgreSQL down) must survive a power loss.
        var command = Assert.IsType<string>(args[args.IndexOf("-c") + 1]);
        Assert.StartsWith("redis-server", command);
        Assert.EndsWith("--appendonly yes --appendfsync always", command);
    }

    [Fact]
    public async Task AnExplicitDataDirectoryHoldsBothContainersData()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"coursecove-model-{Guid.NewGuid():N}");
        try
        {
            await using var builder = await ContainersAppHostAsync($"--CourseCove:DataDirectory={dataDirectory}");

            foreach (var name in new[] { ResourceNames.Postgres, ResourceNames.Redis })
            {
                var mount = Assert.Single(builder.Resources.Single(r => r.Name == name).Annotations.OfType<ContainerMountAnnotation>());
                Assert.Equal(ContainerMountType.BindMount, mount.Type);
                Assert.Equal(Path.Combine(dataDirectory, name), mount.Source);
                Assert.True(Directory.Exists(mount.Source));
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task TheDatabaseIsAChildOfThePostgresContainer()
    {
        await using var builder = await ContainersAppHostAsync();

        var database = Assert.IsType<PostgresDatabaseResource>(builder.Resources.Single(r => r.Name == ResourceNames.Database));

        Assert.Equal(ResourceNames.Postgres, database.Parent.Name);
        Assert.Equal(ResourceNames.Database, database.DatabaseName);
    }

    private static async Task<List<object>> RedisArgumentsAsync(DistributedApplicationOperation operation)
    {
        await using var builder = await ContainersAppHostAsync();
        var redis = Assert.IsType<RedisResource>(builder.Resources.Single(r => r.Name == ResourceNames.Redis));
        var args = new List<object>();
        foreach (var callback in redis.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(new CommandLineArgsCallbackContext(args, redis, CancellationToken.None)
            {
                ExecutionContext = new DistributedApplicationExecutionContext(operation),
            });
        }

        return args;
    }
}
