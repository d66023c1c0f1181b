using System.Net;
using CourseCove.Sync.Data;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Retention;

/// <summary>Old bodies of completed events go; the rows, what they mean for idempotency, and the stats stay.</summary>
[Collection(AppHostCollection.Name)]
public sealed class PruningTests(AppHostFixture app) : RetentionTest(app)
{
    [Fact]
    public async Task AnActiveUsersOldBodiesArePrunedWhileTheirRowIsUntouched()
    {
        var (_, sender) = StartAdminApi();
        var (user, created, updated) = (NewId("user"), NewId("msg"), NewId("msg"));
        var createdBody = User(UserCreated, user, 100, $"{user}@example.org");
        await Env.Db.DeliverAsync(createdBody, created, ProcessingPath.FastPath);
        await Env.Db.DeliverAsync(User(UserUpdated, user, 200, $"{user}@example.org", firstName: "Augusta"), updated);
        var row = await RowAsync("users", user);
        await Task.Delay(Tiny + TimeSpan.FromMilliseconds(200));

        var tally = await Pass(deletedUsers: Tiny, eventPayloads: Tiny).RunAsync(CancellationToken.None);

        Assert.Equal(2, tally.Pruned);
        Assert.Null(await PayloadAsync(created));
        Assert.Null(await PayloadAsync(updated));
        Assert.Equal(row, await RowAsync("users", user));
        Assert.Equal("completed", (await Env.Db.EventAsync(created))!.Status);
        using var retry = await sender.SendAsync(createdBody, created);
        Assert.Contains("duplicate", await retry.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheStatsCountTheSameBeforeAndAfterAPass()
    {
        var (client, sender) = StartAdminApi();
        for (var i = 0; i < 3; i++) await Env.Db.DeliverAsync(User(UserCreated, NewId("user"), 100), path: ProcessingPath.FastPath);
        await Env.Db.DeliverAsync(User(UserCreated, NewId("user"), 100)); // completed by the "Worker"
        // Waits for a user that never comes: pending (no Worker here), its body kept.
        await sender.SendAsync(Membership(MembershipCreated, NewId("orgmem"), NewId("org"), NewId("user"), 100));
        var failed = NewId("msg");
        await Env.Db.DeliverAsync(User(UserCreated, NewId("user"), 100), failed);
        await Env.Db.ExecuteAsync("UPDATE webhook_events SET status = 'failed', last_error = 'boom' WHERE webhook_id = $1", failed);
        var before = await client.GetStringAsync("/api/webhooks/stats?hours=24");
        await Task.Delay(Tiny + TimeSpan.FromMilliseconds(200));

        var tally = await Pass(deletedUsers: Tiny, eventPayloads: Tiny).RunAsync(CancellationToken.None);

        Assert.Equal(5, tally.Pruned);
        Assert.Equal(1, await Env.Db.CountAsync("SELECT count(*) FROM webhook_events WHERE payload IS NOT NULL AND status = 'pending'"));
        Assert.Equal(before, await client.GetStringAsync("/api/webhooks/stats?hours=24"));
        Assert.Contains("\"total\":6", before);
    }

    [Fact]
    public async Task PendingEventsKeepTheirBodiesHoweverOld()
    {
        var (_, sender) = StartAdminApi();
        var waiting = NewId("msg");
        var body = Membership(MembershipCreated, NewId("orgmem"), NewId("org"), NewId("user"), 100);
        Assert.Equal(HttpStatusCode.Accepted, (await sender.SendAsync(body, waiting)).StatusCode);
        await Env.Db.ExecuteAsync("UPDATE webhook_events SET created_at = now() - interval '400 days' WHERE webhook_id = $1", waiting);

        var tally = await Pass(deletedUsers: Tiny, eventPayloads: Tiny).RunAsync(CancellationToken.None);

        Assert.Equal(0, tally.Payloads);
        Assert.Equal(body, await PayloadAsync(waiting));
    }
}
