using System.Net;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using CourseCove.Simulator.History;
using CourseCove.Simulator.Truth;
using CourseCove.Simulator.Verification;
using CourseCove.Sync;
using CourseCove.Sync.Streaming;
using CourseCove.Tests.Chaos;
using CourseCove.Tests.Convergence;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using StackExchange.Redis;

namespace CourseCove.Tests.ScaleOut;

/// <summary>The AppHost with two Apis and two Workers (<c>CourseCove:ApiReplicas=2</c>, <c>CourseCove:WorkerReplicas=2</c>).</summary>
public sealed class ScaledOutAppHostFixture() : AppHostFixture(apiReplicas: 2, workerReplicas: 2);

/// <summary>A third AppHost, run alone like the chaos test's: it kills one of its Workers.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaledOutAppHostFixture>
{
    public const string Name = "ScaleOut";
}

/// <summary>
/// Two Apis behind the api's one address and two Workers on one consumer group, started together on an empty
/// database: the convergence and chaos properties hold as with one of each, and nothing is applied twice.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed partial class ScaleOutTests(ScaledOutAppHostFixture app)
{
    [Theory]
    [InlineData(ResourceNames.Api)]
    [InlineData(ResourceNames.Worker)]
    public async Task BothReplicasServeAndStartedWithoutAnError(string resource)
    {
        var replicas = app.Replicas.Of(resource);

        Assert.Equal(2, replicas.Count);
        Assert.Equal(2, replicas.Select(AppHostFixture.ReplicaAddress).Distinct().Count());
        foreach (var replica in replicas)
        {
            using var client = new HttpClient { BaseAddress = AppHostFixture.ReplicaAddress(replica) };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        }

        // Two Apis migrating one empty database at once: neither logs an error (EF Core's migration lock serializes them).
        var lines = app.StartupLogs[resource].Select(line => Ansi().Replace(line.Content, "")).ToList();
        Assert.Equal(2, lines.Count(line => line.Contains("Application started.", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, line => ErrorLevel().IsMatch(line));
    }

    [Fact]
    public async Task BothWorkersConsumeTheStreamUnderNamesOfTheirOwn()
    {
        // Each Worker logs the name it consumes under; nothing configures one, so it is the default "{machine}-{pid}".
        var names = new List<string>();
        foreach (var replica in app.Replicas.Of(ResourceNames.Worker))
        {
            var lines = await app.ConsoleAsync(replica.ResourceId);
            names.Add(lines.Select(line => ConsumerLine().Match(line)).Last(match => match.Success).Groups[1].Value);
        }

        Assert.Equal(2, names.Distinct().Count());
        Assert.All(names, name => Assert.Matches($@"^{Regex.Escape(Environment.MachineName)}-\d+$", name));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(app.RedisConnectionString);
        // Workers read the stream at least every Worker:MaxIdleDelay, so each is in the group once it has started.
        await Eventually.HoldsAsync(async () =>
        {
            var group = await redis.GetDatabase().StreamConsumerInfoAsync(WebhookStream.Key, WebhookStream.ConsumerGroup);
            return names.All(name => group.Any(c => c.Name == name));
        }, TimeSpan.FromSeconds(30), $"both Workers ({string.Join(", ", names)}) in the consumer group");
    }

    [Fact]
    public async Task ShuffledDuplicatedConcurrentDeliveryToTwoApisAndTwoWorkersConvergesAndAppliesEachEventOnce()
    {
        await using var db = new SyncDatabase(app.DatabaseConnectionString);
        await CompletionAudit.InstallAsync(db);

        var history = await ConvergenceTests.ConvergesAsync(app, seed: 44);

        await CompletionAudit.AssertEachCompletedOnceAsync(db, [.. history.Events.Select(e => e.SvixId)]);
    }

    [Fact]
    public async Task OneOfTwoWorkersKilledWhileRedisRestartsAndPostgresStopsTheOtherFinishesAndAppliesEachEventOnce()
    {
        await using (var before = new SyncDatabase(app.DatabaseConnectionString))
        {
            await CompletionAudit.InstallAsync(before);
        }

        var chaos = new ChaosSteps(app);
        var history = HistoryGenerator.GenerateAtLeast(new HistoryOptions { Seed = 78 }, minimumEvents: 500);
        var model = TruthModel.From(history);
        using var client = app.CreateApiClient();
        var delivery = chaos.StartDelivery(client, history, seed: 78);

        await Task.Delay(TimeSpan.FromSeconds(3));
        var (victim, survivor) = (app.Replicas.Of(ResourceNames.Worker)[0], app.Replicas.Of(ResourceNames.Worker)[1]);
        await chaos.KillAsync(victim);
        var killedAt = DateTimeOffset.UtcNow;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            await chaos.RestartRedisAsync();

            await Task.Delay(TimeSpan.FromSeconds(3));
            await chaos.StopPostgresForFiveSecondsAsync();

            var report = await delivery;
            Assert.Empty(report.UndeliveredEventIds);
            Console.WriteLine($"Scale-out chaos run: {string.Join(", ", report.StatusCounts.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}"))}");
            var result = await new DatabaseVerifier(app.DatabaseConnectionString, history, model)
                .WaitForConsistencyAsync(TimeSpan.FromSeconds(120));
            Assert.True(result.IsConsistent, $"{result.Differences.Count} differences, e.g.:\n{string.Join('\n', result.Differences.Take(20))}");
            // A new pool: connections opened before PostgreSQL stopped are broken.
            await using var db = new SyncDatabase(app.DatabaseConnectionString);
            await CompletionAudit.AssertEachCompletedOnceAsync(db, [.. history.Events.Select(e => e.SvixId)]);

            // The survivor finished alone: the victim stayed down, the survivor is the process it was before the chaos,
            // and a Worker — so the survivor — completed events after the kill (memberships that came before their user).
            var now = app.Replicas.Of(ResourceNames.Worker).ToDictionary(r => r.ResourceId);
            Assert.Contains(now[victim.ResourceId].Snapshot.State?.Text, KnownResourceStates.TerminalStates);
            Assert.Equal(KnownResourceStates.Running, now[survivor.ResourceId].Snapshot.State?.Text);
            Assert.Equal(ChaosSteps.Pid(survivor), ChaosSteps.Pid(now[survivor.ResourceId]));
            Assert.True(await CompletionAudit.WorkerCompletionsSinceAsync(db, killedAt) > 0, "No Worker completed an event after the kill.");
        }
        finally
        {
            // Two Workers again for the other tests of this AppHost, whatever their order.
            await chaos.RunAsync(victim.ResourceId, KnownResourceCommands.StartCommand);
            var restarted = await chaos.WaitForStateAsync(victim, [KnownResourceStates.Running]);
            using var serving = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await AppHostFixture.WaitUntilServingAsync(AppHostFixture.ReplicaAddress(restarted), serving.Token);
        }
    }

    [GeneratedRegex(@"Consuming the webhook stream as (\S+)")]
    private static partial Regex ConsumerLine();

    // Console lines look like "2026-11-28T23:38:54.6090000Z fail: Category[id]", the level coloured with ANSI escapes.
    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();

    [GeneratedRegex(@"^(\S+\s+)?(fail|crit): ")]
    private static partial Regex ErrorLevel();
}
