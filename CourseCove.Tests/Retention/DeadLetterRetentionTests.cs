using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CourseCove.Sync.Processing;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Retention;

/// <summary>
/// A dead letter keeps its body for the payload retention after it failed, so it can be replayed or revived; after that
/// it cannot, and nothing tries: the replay endpoint says why, and only Clerk's Replay (which sends the body) re-drives it.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class DeadLetterRetentionTests(AppHostFixture app) : RetentionTest(app)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>Dead-letters the event as if it had failed <paramref name="failedAgo"/> after arriving two hours ago.</summary>
    private Task FailAsync(string webhookId, string failedAgo) => Env.Db.ExecuteAsync(
        $"UPDATE webhook_events SET status = 'failed', last_error = 'boom', next_attempt_at = NULL, created_at = now() - interval '2 hours', updated_at = now() - interval '{failedAgo}' WHERE webhook_id = $1",
        webhookId);

    [Fact]
    public async Task AFailedEventKeepsItsBodyForThePayloadRetentionAfterItFailedThenAReplayIsRefusedWithAReason()
    {
        var (client, sender) = StartAdminApi();
        var (user, webhookId) = (NewId("user"), NewId("msg"));
        var body = User(UserCreated, user, 100, $"{user}@example.org");
        await Env.Db.DeliverAsync(body, webhookId);
        await FailAsync(webhookId, failedAgo: "1 minute");

        Assert.Equal(0, (await Pass(Long, eventPayloads: Hour).RunAsync(CancellationToken.None)).Pruned);
        Assert.Equal(body, await PayloadAsync(webhookId));

        await FailAsync(webhookId, failedAgo: "90 minutes");
        Assert.Equal(1, (await Pass(Long, eventPayloads: Hour).RunAsync(CancellationToken.None)).Pruned);
        Assert.Null(await PayloadAsync(webhookId));

        using var replay = await client.PostAsJsonAsync("/api/webhooks/replay", new { webhook_ids = new[] { webhookId } });
        var answer = JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, answer.GetProperty("replayed").GetInt32());
        Assert.Equal(1, answer.GetProperty("without_body").GetInt32());
        Assert.Contains("Retention:EventPayloads", answer.GetProperty("reason").GetString());
        Assert.Equal("failed", (await Env.Db.EventAsync(webhookId))!.Status);

        // Clerk's dashboard Replay sends the body again: completed on the fast path, or handed over with its body.
        using var clerkReplay = await sender.SendAsync(body, webhookId);
        Assert.True(clerkReplay.IsSuccessStatusCode);
        Assert.NotEqual("failed", (await Env.Db.EventAsync(webhookId))!.Status);
    }

    [Fact]
    public async Task ADeadLetterWithoutItsBodyIsNotRevivedWhenItsUserArrives()
    {
        var (_, sender) = StartAdminApi();
        var (org, user, webhookId) = (NewId("org"), NewId("user"), NewId("msg"));
        await Env.Db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        Assert.Equal(HttpStatusCode.Accepted, (await sender.SendAsync(Membership(MembershipCreated, NewId("orgmem"), org, user, 100), webhookId)).StatusCode);
        await FailAsync(webhookId, failedAgo: "90 minutes");
        Assert.Equal(1, await Env.Db.CountAsync("SELECT count(*) FROM webhook_events WHERE webhook_id = $1 AND waiting_for IS NOT NULL", webhookId));
        await Pass(Long, eventPayloads: Hour).RunAsync(CancellationToken.None);

        await Env.Db.DeliverAsync(User(UserCreated, user, 100));
        var woken = await Env.Db.EventLog.WakeWaitingAsync([DependencyKeys.User(user)], CancellationToken.None);
        var due = await Env.Db.EventLog.ClaimDueAsync(100, CancellationToken.None);

        Assert.Empty(woken);
        Assert.DoesNotContain(due, w => w.WebhookId == webhookId);
        Assert.Equal("failed", (await Env.Db.EventAsync(webhookId))!.Status);
    }

    [Fact]
    public async Task AClerkReplayOfADeadLetterWithoutItsBodyGivesTheWorkerTheBodyBack()
    {
        var (_, sender) = StartAdminApi();
        var (org, user, webhookId) = (NewId("org"), NewId("user"), NewId("msg"));
        var body = Membership(MembershipCreated, NewId("orgmem"), org, user, 100);
        await Env.Db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await sender.SendAsync(body, webhookId);
        await FailAsync(webhookId, failedAgo: "90 minutes");
        await Pass(Long, eventPayloads: Hour).RunAsync(CancellationToken.None);
        Assert.Null(await PayloadAsync(webhookId));

        // The user is still missing: the fast path cannot finish it and hands it to the Worker.
        using var replay = await sender.SendAsync(body, webhookId);

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal("pending", (await Env.Db.EventAsync(webhookId))!.Status);
        Assert.Equal(body, await PayloadAsync(webhookId));
    }
}
