using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using CourseCove.Simulator.Delivery;
using CourseCove.Simulator.History;
using CourseCove.Simulator.Truth;
using CourseCove.Simulator.Verification;
using CourseCove.Sync;
using CourseCove.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CourseCove.Tests.Chaos;

/// <summary>A second AppHost of its own, run alone after the others: chaos must not disturb their tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChaosCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "Chaos";
}

/// <summary>
/// While a shuffled, duplicated history is being delivered: SIGKILL the Worker and start it again, restart Redis,
/// stop PostgreSQL for 5 s and start it again. Every delivery ends 2xx (Svix retries the rest), nothing answered 2xx
/// is lost, and the database equals Clerk's truth.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class ChaosTests(AppHostFixture app)
{
    private ResourceCommandService Commands => app.App.Services.GetRequiredService<ResourceCommandService>();

    [Fact]
    public async Task KilledWorkerRestartedRedisAndStoppedPostgresLoseNothing()
    {
        var history = HistoryGenerator.GenerateAtLeast(new HistoryOptions { Seed = 77 }, minimumEvents: 500);
        var model = TruthModel.From(history);
        using var client = app.CreateApiClient();
        var delivery = new SvixDeliverer(client).DeliverAsync(history, new DeliveryOptions
        {
            Secret = app.SigningSecret,
            Concurrency = 8,
            Order = DeliveryOrder.Shuffled,
            DuplicateShare = 0.2,
            Seed = 77,
            // Spread over ~30 s so that the chaos happens mid-run; Svix's retry schedule 100 times faster.
            Rate = 20,
            TimeScale = 100,
        });

        await Task.Delay(TimeSpan.FromSeconds(3));
        var killed = KillProcessTree();
        await WaitForStateAsync(ResourceNames.Worker, KnownResourceStates.TerminalStates);
        await RunAsync(ResourceNames.Worker, KnownResourceCommands.StartCommand);
        await WaitForStateAsync(ResourceNames.Worker, [KnownResourceStates.Running]);
        Assert.NotEqual(killed, WorkerPid());

        await Task.Delay(TimeSpan.FromSeconds(3));
        await RunAsync(ResourceNames.Redis, KnownResourceCommands.RestartCommand);

        await Task.Delay(TimeSpan.FromSeconds(3));
        await RunAsync(ResourceNames.Postgres, KnownResourceCommands.StopCommand);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var down = new NpgsqlConnection(app.DatabaseConnectionString + ";Timeout=3;Pooling=false");
            await down.OpenAsync();
        });
        await Task.Delay(TimeSpan.FromSeconds(5));
        await RunAsync(ResourceNames.Postgres, KnownResourceCommands.StartCommand);

        var report = await delivery;
        Assert.Empty(report.UndeliveredEventIds);
        // What the senders saw, for the log: 202s while PostgreSQL was down, retried failures if any.
        Console.WriteLine($"Chaos run: {string.Join(", ", report.StatusCounts.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}"))}");
        var result = await new DatabaseVerifier(app.DatabaseConnectionString, history, model)
            .WaitForConsistencyAsync(TimeSpan.FromSeconds(120));
        Assert.True(result.IsConsistent, $"{result.Differences.Count} differences, e.g.:\n{string.Join('\n', result.Differences.Take(20))}");
    }

    private async Task RunAsync(string resource, string command)
    {
        var result = await Commands.ExecuteCommandAsync(resource, command);
        Assert.True(result.Success, $"{command} on {resource}: {result.Message}");
    }

    /// <summary>SIGKILL, no shutdown: whatever the Worker had in flight stays unacknowledged.</summary>
    private int KillProcessTree()
    {
        var pid = WorkerPid();
        using var process = Process.GetProcessById(pid);
        // DCP reports the process it launched; the whole tree goes, wrapper and service alike.
        process.Kill(entireProcessTree: true);
        return pid;
    }

    private int WorkerPid()
    {
        Assert.True(app.App.ResourceNotifications.TryGetCurrentState(ResourceNames.Worker, out var current));
        return Convert.ToInt32(current.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value);
    }

    private async Task WaitForStateAsync(string resource, IEnumerable<string> states)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.App.ResourceNotifications.WaitForResourceAsync(resource, e => states.Contains(e.Snapshot.State?.Text), timeout.Token);
    }
}
