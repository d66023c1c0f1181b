using System.Net;
using CourseCove.Sync.Processing;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using Npgsql;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Webhooks;

/// <summary>When the budget runs out, the fast path's own work is cancelled: nothing keeps running behind the queued copy.</summary>
[Collection(AppHostCollection.Name)]
public sealed class FastPathBudgetTests(AppHostFixture app)
{
    [Fact]
    public async Task FastPathOutOfBudgetIsCancelledAndLeavesOnlyTheQueuedCopy()
    {
        await using var env = await IsolatedEnvironment.CreateAsync(app);
        await using var api = new ApiFactory(app, [.. env.Settings, ("Webhooks:FastPathBudget", "00:00:00.300")]);
        var sender = new WebhookSender(api.CreateClient(), app.SigningSecret);
        var (user, webhookId) = (NewId("user"), NewId("msg"));

        // Hold the user's lock, as a long transaction about the same user would, so the fast path cannot finish.
        await using var blocker = new NpgsqlConnection(env.DatabaseConnectionString);
        await blocker.OpenAsync();
        await using var tx = await blocker.BeginTransactionAsync();
        await using (var lockUser = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", blocker, tx))
        {
            lockUser.Parameters.Add(new() { Value = DependencyKeys.User(user) });
            await lockUser.ExecuteNonQueryAsync();
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var response = await sender.SendAsync(User(UserCreated, user, 100), webhookId);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // The answer comes when the budget runs out, not when the blocked statement would time out (30 s).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"answered after {watch.Elapsed.TotalSeconds:0.0} s");

        // No backend of the Api is still waiting for that lock...
        await Eventually.HoldsAsync(async () => await env.Db.CountAsync("""
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'
            """) == 0, TimeSpan.FromSeconds(5), "the fast path's statement is cancelled");
        await tx.RollbackAsync();
        await Task.Delay(500);

        // ...so once the lock is free nothing applies the event behind the Worker's back: it waits, pending, for the Worker.
        var evt = (await env.Db.EventAsync(webhookId))!;
        Assert.Equal(("pending", 0, (string?)null), (evt.Status, evt.Attempts, evt.CompletedBy));
        Assert.Null(await env.Db.UserAsync(user));
    }
}
