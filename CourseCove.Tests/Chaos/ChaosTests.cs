using Aspire.Hosting.ApplicationModel;
using CourseCove.Simulator.History;
using CourseCove.Simulator.Truth;
using CourseCove.Simulator.Verification;
using CourseCove.Sync;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;

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
    private readonly ChaosSteps _chaos = new(app);

    [Fact]
    public async Task KilledWorkerRestartedRedisAndStoppedPostgresLoseNothing()
    {
        var history = HistoryGenerator.GenerateAtLeast(new HistoryOptions { Seed = 77 }, minimumEvents: 500);
        var model = TruthModel.From(history);
        using var client = app.CreateApiClient();
        var delivery = _chaos.StartDelivery(client, history, seed: 77);

        await Task.Delay(TimeSpan.FromSeconds(3));
        var worker = Assert.Single(app.Replicas.Of(ResourceNames.Worker));
        var killed = await _chaos.KillAsync(worker);
        await _chaos.RunAsync(ResourceNames.Worker, KnownResourceCommands.StartCommand);
        var restarted = await _chaos.WaitForStateAsync(worker, [KnownResourceStates.Running]);
        Assert.NotEqual(killed, ChaosSteps.Pid(restarted));

        await Task.Delay(TimeSpan.FromSeconds(3));
        await _chaos.RestartRedisAsync();

        await Task.Delay(TimeSpan.FromSeconds(3));
        await _chaos.StopPostgresForFiveSecondsAsync();

        var report = await delivery;
        Assert.Empty(report.UndeliveredEventIds);
        // What the senders saw, for the log: 202s while PostgreSQL was down, retried failures if any.
        Console.WriteLine($"Chaos run: {string.Join(", ", report.StatusCounts.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}"))}");
        var result = await new DatabaseVerifier(app.DatabaseConnectionString, history, model)
            .WaitForConsistencyAsync(TimeSpan.FromSeconds(120));
        Assert.True(result.IsConsistent, $"{result.Differences.Count} differences, e.g.:\n{string.Join('\n', result.Differences.Take(20))}\n"
            + await DescribeEventsAsync(history));
    }

    /// <summary>Where the history's events stand, for a failure message: how many are in each status, and why some are not done.</summary>
    private async Task<string> DescribeEventsAsync(ClerkHistory history)
    {
        await using var db = new SyncDatabase(app.DatabaseConnectionString);
        var ids = history.Events.Select(e => e.SvixId).Distinct().ToArray();
        var lines = new List<string> { $"{ids.Length} svix-ids; recorded: {await db.CountAsync("SELECT count(*) FROM webhook_events WHERE webhook_id = ANY($1)", (object)ids)}" };
        foreach (var status in new[] { "completed", "pending", "failed" })
        {
            lines.Add($"{status}: {await db.CountAsync("SELECT count(*) FROM webhook_events WHERE webhook_id = ANY($1) AND status = $2", ids, status)}");
        }

        lines.Add($"pending due: {await db.CountAsync("SELECT count(*) FROM webhook_events WHERE webhook_id = ANY($1) AND status = 'pending' AND next_attempt_at <= now()", (object)ids)}");
        return string.Join("; ", lines);
    }
}
