using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using CourseCove.Simulator.Delivery;
using CourseCove.Simulator.History;
using CourseCove.Sync;
using CourseCove.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CourseCove.Tests.Chaos;

/// <summary>What the chaos tests do to a running AppHost, one replica at a time.</summary>
internal sealed class ChaosSteps(AppHostFixture app)
{
    private ResourceCommandService Commands => app.App.Services.GetRequiredService<ResourceCommandService>();

    /// <summary>Delivers a shuffled, duplicated history over ~30 s, so that the chaos happens mid-run.</summary>
    public Task<DeliveryReport> StartDelivery(HttpClient client, ClerkHistory history, int seed) =>
        new SvixDeliverer(client).DeliverAsync(history, new DeliveryOptions
        {
            Secret = app.SigningSecret,
            Concurrency = 8,
            Order = DeliveryOrder.Shuffled,
            DuplicateShare = 0.2,
            Seed = seed,
            // Spread over ~30 s; Svix's retry schedule 100 times faster.
            Rate = 20,
            TimeScale = 100,
        });

    /// <summary>SIGKILL, no shutdown: whatever the replica had in flight stays unacknowledged. Returns the pid killed.</summary>
    public async Task<int> KillAsync(ResourceEvent replica)
    {
        var pid = Pid(replica);
        using (var process = Process.GetProcessById(pid))
        {
            // DCP reports the process it launched; the whole tree goes, wrapper and service alike.
            process.Kill(entireProcessTree: true);
        }

        await WaitForStateAsync(replica, KnownResourceStates.TerminalStates);
        return pid;
    }

    public async Task RestartRedisAsync() => await RunAsync(ResourceNames.Redis, KnownResourceCommands.RestartCommand);

    /// <summary>Stops PostgreSQL, checks that it is down, and starts it again after 5 s.</summary>
    public async Task StopPostgresForFiveSecondsAsync()
    {
        await RunAsync(ResourceNames.Postgres, KnownResourceCommands.StopCommand);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var down = new NpgsqlConnection(app.DatabaseConnectionString + ";Timeout=3;Pooling=false");
            await down.OpenAsync();
        });
        await Task.Delay(TimeSpan.FromSeconds(5));
        await RunAsync(ResourceNames.Postgres, KnownResourceCommands.StartCommand);
    }

    /// <summary>Runs a command on a resource by its replica id, or by its name when it has one replica.</summary>
    public async Task RunAsync(string resourceId, string command)
    {
        var result = await Commands.ExecuteCommandAsync(resourceId, command);
        Assert.True(result.Success, $"{command} on {resourceId}: {result.Message}");
    }

    public static int Pid(ResourceEvent replica) =>
        Convert.ToInt32(replica.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value);

    public async Task<ResourceEvent> WaitForStateAsync(ResourceEvent replica, IEnumerable<string> states)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await app.App.ResourceNotifications.WaitForResourceAsync(replica.Resource.Name,
            e => e.ResourceId == replica.ResourceId && states.Contains(e.Snapshot.State?.Text), timeout.Token);
    }
}
