using System.Collections.Concurrent;
using CourseCove.Simulator.History;
using CourseCove.Simulator.Truth;
using CourseCove.Simulator.Verification;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using CsCheck;

namespace CourseCove.Tests.Webhooks;

/// <summary>
/// Property-based (CsCheck): thousands of signed, Clerk-shaped scenarios with hostile values, delivered to the running
/// Api in random orders. Never a 5xx; a 2xx only with a <c>webhook_events</c> row, a 400 only for what is not a Clerk
/// event and with no row; and the database ends equal to the model of the well-formed ones.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class WebhookFuzzTests(AppHostFixture app)
{
    // About 4.2 events a scenario: comfortably over 10,000 bodies.
    private const int Scenarios = 2_600;

    [Fact]
    public async Task RandomHostileClerkEventsAreNeverLostNeverRefusedAndConverge()
    {
        using var client = app.CreateApiClient();
        var sender = new WebhookSender(client, app.SigningSecret);
        await using var db = new SyncDatabase(app.DatabaseConnectionString);
        var delivered = new ConcurrentQueue<FuzzScenario>();
        var bodies = 0;

        await FuzzScenario.Any.SampleAsync(async scenario =>
        {
            foreach (var evt in scenario.DeliveryOrder)
            {
                using var response = await sender.SendAsync(evt.Body, evt.SvixId);
                Interlocked.Increment(ref bodies);
                var code = (int)response.StatusCode;
                var row = await db.EventAsync(evt.SvixId);
                if (evt.Valid)
                {
                    Assert.True(response.IsSuccessStatusCode, $"{code} for a well-formed {evt.Type}: {await response.Content.ReadAsStringAsync()}");
                    Assert.True(row is not null, $"{code} for {evt.Type} {evt.SvixId} without a webhook_events row");
                }
                else
                {
                    Assert.True(code == 400, $"{code} for a malformed body");
                    Assert.Null(row);
                }
            }

            delivered.Enqueue(scenario);
        }, iter: Scenarios, threads: 8);

        Assert.True(bodies >= 10_000, $"only {bodies} bodies sent");
        // Scenarios share no ids, so their events one after another, each in Clerk's order, are a Clerk history.
        var history = new ClerkHistory(new HistoryOptions(), delivered.SelectMany(s => s.ClerkOrder).Where(e => e.Valid)
            .Select((e, i) => e.ToHistoryEvent(i)).ToList());
        var result = await new DatabaseVerifier(app.DatabaseConnectionString, history, TruthModel.From(history))
            .WaitForConsistencyAsync(TimeSpan.FromSeconds(120));
        Assert.True(result.IsConsistent, $"{result.Differences.Count} differences, e.g.:\n{string.Join('\n', result.Differences.Take(20))}");
    }
}
