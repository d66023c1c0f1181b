using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CourseCove.Sync.Processing;
using CourseCove.Sync.Streaming;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using StackExchange.Redis;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Workers;

/// <summary>The Worker as real processes on a real Redis stream and PostgreSQL, in an environment of its own.</summary>
[Collection(AppHostCollection.Name)]
public sealed class WorkerTests(AppHostFixture app) : WorkerEnvironmentTest(app)
{
    /// <summary>Puts user.created events straight on the stream, as the Api does when PostgreSQL is down.</summary>
    private async Task<List<string>> EnqueueUsersAsync(int count)
    {
        var queue = new WebhookQueue(Redis);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var webhookId = NewId("msg");
            await queue.EnqueueAsync(new ReceivedWebhook(webhookId, UserCreated, User(UserCreated, NewId("user"), 100), DateTimeOffset.UtcNow), recorded: false);
            ids.Add(webhookId);
        }

        return ids;
    }

    /// <summary>The Api records a handed-off event with waiting_for already; parked by the Worker means its stream entry is gone too.</summary>
    private Task WaitUntilParkedByTheWorkerAsync(string webhookId) => Eventually.HoldsAsync(async () =>
            await Env.Db.CountAsync("SELECT count(*) FROM webhook_events WHERE webhook_id = $1 AND waiting_for IS NOT NULL", webhookId) == 1
            && await Redis.GetDatabase().StreamLengthAsync(WebhookStream.Key) == 0,
        Patience, "the Worker parks the membership");

    private Task<long> CompletedAsync() => Env.Db.CountAsync("SELECT count(*) FROM webhook_events WHERE status = 'completed'");

    [Fact]
    public async Task WorkerKilledMidBatchLosesNothingAndAnotherInstanceFinishes()
    {
        const int total = 1500;
        await EnqueueUsersAsync(total);
        var first = StartWorker("worker-a");
        await Eventually.HoldsAsync(async () => await CompletedAsync() >= 100, Patience, "the first worker completes 100 events");

        await first.KillAsync();
        var afterKill = await CompletedAsync();
        Assert.True(afterKill < total, "the kill came too late to be mid-run");
        StartWorker("worker-b");

        await Eventually.HoldsAsync(async () => await CompletedAsync() == total, Patience, $"all {total} events complete (had {afterKill} at the kill)");
        Assert.Equal(total, await Env.Db.CountAsync("SELECT count(*) FROM users"));
        Assert.Equal(0, await Env.Db.CountAsync("SELECT count(*) FROM webhook_events WHERE attempts <> 1"));
    }

    [Fact]
    public async Task TwoWorkersOnOneStreamNeverApplyAnEventTwice()
    {
        const int total = 1000;
        await EnqueueUsersAsync(total);
        StartWorker("worker-1");
        StartWorker("worker-2");

        await Eventually.HoldsAsync(async () => await CompletedAsync() == total, Patience, $"all {total} events complete");
        // Completing increments attempts in the same transaction as the effect: 1 means applied exactly once.
        Assert.Equal(0, await Env.Db.CountAsync("SELECT count(*) FROM webhook_events WHERE attempts <> 1"));
        var consumers = await Redis.GetDatabase().StreamConsumerInfoAsync(WebhookStream.Key, WebhookStream.ConsumerGroup);
        Assert.Equal(["worker-1", "worker-2"], consumers.Select(c => c.Name.ToString()).Order());
    }

    [Fact]
    public async Task TwoWorkersOnOneHostWithoutConfiguredNamesAreTwoConsumers()
    {
        const int total = 300;
        await EnqueueUsersAsync(total);
        StartWorker(null);
        StartWorker(null);

        await Eventually.HoldsAsync(async () => await CompletedAsync() == total, Patience, $"all {total} events complete");
        Assert.Equal(0, await Env.Db.CountAsync("SELECT count(*) FROM webhook_events WHERE attempts <> 1"));
        var consumers = await Redis.GetDatabase().StreamConsumerInfoAsync(WebhookStream.Key, WebhookStream.ConsumerGroup);
        Assert.Equal(2, consumers.Select(c => c.Name.ToString()).Distinct().Count(n => n.StartsWith(Environment.MachineName, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ParkedEventCompletesWithinOneSecondOfItsDependencyArriving()
    {
        StartWorker("worker-parks");
        await using var api = new ApiFactory(App, Env.Settings);
        var sender = new WebhookSender(api.CreateClient(), App.SigningSecret);
        var (org, user, membership, webhookId) = (NewId("org"), NewId("user"), NewId("orgmem"), NewId("msg"));

        Assert.Equal(HttpStatusCode.OK, (await sender.SendAsync(Organization(OrganizationCreated, org, 100))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await sender.SendAsync(Membership(MembershipCreated, membership, org, user, 100), webhookId)).StatusCode);
        await WaitUntilParkedByTheWorkerAsync(webhookId);

        Assert.Equal(HttpStatusCode.OK, (await sender.SendAsync(User(UserCreated, user, 100))).StatusCode);
        var took = await Eventually.HoldsAsync(async () => (await Env.Db.EventAsync(webhookId))!.Status == "completed",
            TimeSpan.FromSeconds(10), "the parked membership completes");

        Assert.True(took < TimeSpan.FromSeconds(1), $"took {took.TotalMilliseconds:0} ms");
        Assert.Equal("slow_path", (await Env.Db.EventAsync(webhookId))!.CompletedBy);
        Assert.NotNull(await Env.Db.MembershipAsync(membership));
    }

    [Fact]
    public async Task ParkedEventCompletesPromptlyWhenItsOrganizationIsDeletedInstead()
    {
        StartWorker("worker-deleted-dependency");
        await using var api = new ApiFactory(App, Env.Settings);
        var sender = new WebhookSender(api.CreateClient(), App.SigningSecret);
        var (org, user, webhookId) = (NewId("org"), NewId("user"), NewId("msg"));
        await sender.SendAsync(User(UserCreated, user, 100));

        Assert.Equal(HttpStatusCode.Accepted, (await sender.SendAsync(Membership(MembershipCreated, NewId("orgmem"), org, user, 100), webhookId)).StatusCode);
        await WaitUntilParkedByTheWorkerAsync(webhookId);
        // The organization is deleted before its organization.created ever arrives.
        Assert.Equal(HttpStatusCode.OK, (await sender.SendAsync(Deleted(OrganizationDeleted, org, 300))).StatusCode);

        var took = await Eventually.HoldsAsync(async () => (await Env.Db.EventAsync(webhookId))!.Status == "completed",
            TimeSpan.FromSeconds(10), "the parked membership completes with no effect");
        Assert.True(took < TimeSpan.FromSeconds(1), $"took {took.TotalMilliseconds:0} ms");
        Assert.Equal(0, await Env.Db.CountAsync("SELECT count(*) FROM organization_memberships WHERE organization_id = $1", org));
    }

    [Fact]
    public async Task ParkedEventIsDeadLetteredAfterTheDependencyHorizon()
    {
        StartWorker("worker-horizon", ("Worker:DependencyHorizon", "00:00:02"), ("Worker:ParkedRecheck", "00:00:00.500"));
        var webhookId = NewId("msg");
        await new WebhookQueue(Redis).EnqueueAsync(new ReceivedWebhook(webhookId, MembershipCreated,
            Membership(MembershipCreated, NewId("orgmem"), NewId("org"), NewId("user"), 100), DateTimeOffset.UtcNow), recorded: false);

        await Eventually.HoldsAsync(async () => (await Env.Db.EventAsync(webhookId))?.Status == "failed", Patience, "the event is dead-lettered");
        Assert.Contains("Worker:DependencyHorizon", (await Env.Db.EventAsync(webhookId))!.LastError);
    }

    [Fact]
    public async Task PoisonEventIsDeadLetteredAfterMaxAttemptsAndReplayCompletesItOnceFixed()
    {
        var user = NewId("user");
        // A stand-in for a bug or a constraint: writing this one user fails until the trigger is dropped.
        await Env.Db.ExecuteAsync($"""
            CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN
              IF NEW.id = '{user}' THEN RAISE EXCEPTION 'poisoned row'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER poison BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION poison();
            """);
        StartWorker("worker-poison", ("Worker:MaxAttempts", "3"));
        const string adminKey = "replay-test-admin-key-0123456789";
        await using var api = new ApiFactory(App, [.. Env.Settings, ("Admin:ApiKey", adminKey), ("Webhooks:FastPathBudget", "00:00:00.050")]);
        var client = api.CreateClient();
        var webhookId = NewId("msg");

        Assert.Equal(HttpStatusCode.Accepted, (await new WebhookSender(client, App.SigningSecret).SendAsync(User(UserCreated, user, 100), webhookId)).StatusCode);

        await Eventually.HoldsAsync(async () => (await Env.Db.EventAsync(webhookId))!.Status == "failed", Patience, "the poison event is dead-lettered");
        var failed = (await Env.Db.EventAsync(webhookId))!;
        Assert.Equal(3, failed.Attempts);
        Assert.Contains("poisoned row", failed.LastError);

        await Env.Db.ExecuteAsync("DROP TRIGGER poison ON users");
        using var replay = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/replay") { Content = JsonContent.Create(new { webhook_ids = new[] { webhookId } }) };
        replay.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using var answer = await client.SendAsync(replay);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("\"replayed\":1", await answer.Content.ReadAsStringAsync());

        await Eventually.HoldsAsync(async () => (await Env.Db.EventAsync(webhookId))!.Status == "completed", Patience, "the replayed event completes");
        Assert.NotNull(await Env.Db.UserAsync(user));
    }

    [Fact]
    public async Task LostStreamIsRecoveredFromPostgres()
    {
        // Handed off (recorded pending in PostgreSQL) but the stream entries are gone: Redis flushed, or the Api died before XADD.
        var eventLog = Env.Db.EventLog;
        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            var webhookId = NewId("msg");
            await eventLog.HandOffAsync(new ReceivedWebhook(webhookId, UserCreated, User(UserCreated, NewId("user"), 100), DateTimeOffset.UtcNow), [], null, false, default);
            ids.Add(webhookId);
        }

        await Redis.GetDatabase().KeyDeleteAsync(WebhookStream.Key);
        // As if the hand-off lease (30 s) had run out.
        await Env.Db.ExecuteAsync("UPDATE webhook_events SET next_attempt_at = now() - interval '1 second'");
        StartWorker("worker-recovery");

        await Eventually.HoldsAsync(async () => await CompletedAsync() == ids.Count, Patience, "every pending event is recovered and completed");
    }
}
