using CourseCove.Simulator.Delivery;
using CourseCove.Simulator.History;
using CourseCove.Simulator.Truth;
using CourseCove.Simulator.Verification;
using CourseCove.Tests.Infrastructure;

namespace CourseCove.Tests.Convergence;

/// <summary>
/// The convergence property against the real Api, Worker, PostgreSQL and Redis of the AppHost: a Clerk history
/// delivered fully shuffled, with duplicates, by concurrent senders, ends in exactly Clerk's truth.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class ConvergenceTests(AppHostFixture app)
{
    [Theory]
    [InlineData(11)]
    [InlineData(22)]
    [InlineData(33)]
    public Task ShuffledDuplicatedConcurrentDeliveryConvergesToClerksTruth(int seed) => ConvergesAsync(app, seed);

    /// <summary>Delivers a history of at least 500 events to the AppHost's api and asserts the database ends equal to it.</summary>
    /// <returns>The history delivered, for further assertions.</returns>
    internal static async Task<ClerkHistory> ConvergesAsync(AppHostFixture app, int seed)
    {
        var history = HistoryGenerator.GenerateAtLeast(new HistoryOptions { Seed = seed }, minimumEvents: 500);
        var model = TruthModel.From(history);
        using var client = app.CreateApiClient();

        var report = await new SvixDeliverer(client).DeliverAsync(history, new DeliveryOptions
        {
            Secret = app.SigningSecret,
            Concurrency = 8,
            Order = DeliveryOrder.Shuffled,
            DuplicateShare = 0.2,
            Seed = seed,
            TimeScale = 1000,
        });

        Assert.True(history.Count >= 500, $"only {history.Count} events");
        Assert.Empty(report.UndeliveredEventIds);
        Assert.DoesNotContain(report.StatusCounts.Keys, code => code >= 500 || code == 0);
        var result = await new DatabaseVerifier(app.DatabaseConnectionString, history, model)
            .WaitForConsistencyAsync(TimeSpan.FromSeconds(90));
        Assert.True(result.IsConsistent, $"{result.Differences.Count} differences, e.g.:\n{string.Join('\n', result.Differences.Take(20))}");
        return history;
    }
}
