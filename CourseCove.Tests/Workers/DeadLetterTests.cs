using System.Net;
using CourseCove.Sync.Data;
using CourseCove.Sync.Processing;
using CourseCove.Sync.Streaming;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using Npgsql;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Workers;

/// <summary>No entry can wedge the Worker, and the failed state is not a one-way door.</summary>
[Collection(AppHostCollection.Name)]
public sealed class DeadLetterTests(AppHostFixture app) : WorkerEnvironmentTest(app)
{
    private static readonly (string, string?)[] ShortHorizon =
        [("Worker:DependencyHorizon", "00:00:02"), ("Worker:ParkedRecheck", "00:00:00.300")];

    [Fact]
    public async Task AnEntryThatAlwaysFailsIsDeadLetteredAfterMaxDeliveriesWhileTheNextCompletes()
    {
        var (poison, next) = (NewId("msg"), NewId("msg"));
        // Recording this one svix-id as anything but failed raises: neither processing it nor counting an attempt
        // works, so every delivery fails unexpectedly and the entry is never acknowledged.
        await Env.Db.ExecuteAsync($"""
            CREATE FUNCTION poison_event() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'poisoned event'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER poison_event BEFORE INSERT OR UPDATE ON webhook_events FOR EACH ROW
                WHEN (NEW.webhook_id = '{poison}' AND NEW.status <> 'failed') EXECUTE FUNCTION poison_event();
            """);
        var worker = await StartConsumingWorkerAsync("worker-poison-entry", ("Worker:MaxDeliveries", "3"));
        var queue = new WebhookQueue(Redis);
        await queue.EnqueueAsync(new ReceivedWebhook(poison, UserCreated, User(UserCreated, NewId("user"), 100), DateTimeOffset.UtcNow), recorded: false);
        await queue.EnqueueAsync(new ReceivedWebhook(next, UserCreated, User(UserCreated, NewId("user"), 100), DateTimeOffset.UtcNow), recorded: false);

        await EventuallyStatusAsync(next, WebhookEvent.Completed, "the entry after the poison completes", TimeSpan.FromSeconds(10));
        var dead = await EventuallyStatusAsync(poison, WebhookEvent.Failed, "the poison entry is dead-lettered");
        Assert.Contains("Worker:MaxDeliveries", dead.LastError);
        Assert.False(worker.HasExited, worker.Output);
        await Eventually.HoldsAsync(async () => await Redis.GetDatabase().StreamLengthAsync(WebhookStream.Key) == 0,
            TimeSpan.FromSeconds(5), "the dead-lettered entry is acknowledged and gone from the stream");
    }

    [Fact]
    public async Task AMembershipGivenUpOnComesBackByItselfWhenItsUserArrives()
    {
        StartWorker("worker-revive", ShortHorizon);
        var (_, sender) = StartApi();
        var (org, user, membership, webhookId) = (NewId("org"), NewId("user"), NewId("orgmem"), NewId("msg"));
        await sender.SendAsync(Organization(OrganizationCreated, org, 100));
        Assert.Equal(HttpStatusCode.Accepted, (await sender.SendAsync(Membership(MembershipCreated, membership, org, user, 100), webhookId)).StatusCode);
        var dead = await EventuallyStatusAsync(webhookId, WebhookEvent.Failed, "the membership is given up on after the horizon");
        Assert.Contains("Worker:DependencyHorizon", dead.LastError);

        // Hours later in real life: the user.created Svix was still retrying.
        Assert.True((await sender.SendAsync(User(UserCreated, user, 100))).IsSuccessStatusCode);

        var revived = await EventuallyStatusAsync(webhookId, WebhookEvent.Completed, "the dead letter completes without a replay", TimeSpan.FromSeconds(10));
        Assert.Equal(ProcessingPath.SlowPath, revived.CompletedBy);
        Assert.NotNull(await Env.Db.MembershipAsync(membership));
    }

    [Fact]
    public async Task AMembershipGivenUpOnComesBackWhenItsUserWasStoredWhileNoWorkerListened()
    {
        var worker = StartWorker("worker-revive-backstop", ShortHorizon);
        var (_, sender) = StartApi();
        var (org, user, membership, webhookId) = (NewId("org"), NewId("user"), NewId("orgmem"), NewId("msg"));
        await sender.SendAsync(Organization(OrganizationCreated, org, 100));
        await sender.SendAsync(Membership(MembershipCreated, membership, org, user, 100), webhookId);
        await EventuallyStatusAsync(webhookId, WebhookEvent.Failed, "the membership is given up on after the horizon");

        // The user arrives while the Worker is down and nobody hears the announcement.
        await worker.KillAsync();
        Assert.Equal(ProcessingStatus.Completed, (await Env.Db.DeliverAsync(User(UserCreated, user, 100))).Status);
        StartWorker("worker-revive-backstop-2", ShortHorizon);

        await EventuallyStatusAsync(webhookId, WebhookEvent.Completed, "the scheduler revives the dead letter", TimeSpan.FromSeconds(10));
        Assert.NotNull(await Env.Db.MembershipAsync(membership));
    }

    [Fact]
    public async Task ClerkReplayOfADeadLetteredMembershipWhoseFastPathTimesOutIsCompletedByTheWorker()
    {
        var (org, user, membership, webhookId) = (NewId("org"), NewId("user"), NewId("orgmem"), NewId("msg"));
        await Env.Db.ExecuteAsync($"""
            CREATE FUNCTION poison_membership() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'poisoned membership'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER poison_membership BEFORE INSERT ON organization_memberships FOR EACH ROW
                WHEN (NEW.id = '{membership}') EXECUTE FUNCTION poison_membership();
            """);
        StartWorker("worker-replay", ("Worker:MaxAttempts", "1"));
        var (_, sender) = StartApi();
        await sender.SendAsync(Organization(OrganizationCreated, org, 100));
        await sender.SendAsync(User(UserCreated, user, 100));
        var body = Membership(MembershipCreated, membership, org, user, 100);
        Assert.Equal(HttpStatusCode.Accepted, (await sender.SendAsync(body, webhookId)).StatusCode);
        Assert.Contains("poisoned membership", (await EventuallyStatusAsync(webhookId, WebhookEvent.Failed, "the membership is dead-lettered")).LastError);
        await Env.Db.ExecuteAsync("DROP TRIGGER poison_membership ON organization_memberships");

        // Clerk's Replay: same svix-id, fresh signature; the fast path cannot finish (a long transaction holds the
        // membership's lock), so it is handed off — and must not be dropped as a duplicate of the failed row.
        await using var blocker = await HoldLockAsync(DependencyKeys.Membership(membership));
        var (_, impatient) = StartApi(("Webhooks:FastPathBudget", "00:00:00.050"));
        Assert.Equal(HttpStatusCode.Accepted, (await impatient.SendAsync(body, webhookId)).StatusCode);
        Assert.Equal(WebhookEvent.Pending, (await Env.Db.EventAsync(webhookId))!.Status);
        await blocker.DisposeAsync();

        var replayed = await EventuallyStatusAsync(webhookId, WebhookEvent.Completed, "the Worker completes the replay");
        Assert.Equal(ProcessingPath.SlowPath, replayed.CompletedBy);
        Assert.NotNull(await Env.Db.MembershipAsync(membership));
    }

    [Fact]
    public async Task AReplayedHorizonDeadLetterWaitsAFreshHorizon()
    {
        StartWorker("worker-fresh-horizon", [("Worker:DependencyHorizon", "00:00:03"), ("Worker:ParkedRecheck", "00:00:00.300")]);
        var (_, sender) = StartApi();
        var (org, webhookId) = (NewId("org"), NewId("msg"));
        await sender.SendAsync(Organization(OrganizationCreated, org, 100));
        var body = Membership(MembershipCreated, NewId("orgmem"), org, NewId("user"), 100);
        await sender.SendAsync(body, webhookId);
        await EventuallyStatusAsync(webhookId, WebhookEvent.Failed, "the membership is given up on after the horizon");

        Assert.Equal(HttpStatusCode.Accepted, (await sender.SendAsync(body, webhookId)).StatusCode);

        // Measured from receipt it would be dead at once; from the replay it waits again.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(WebhookEvent.Pending, (await Env.Db.EventAsync(webhookId))!.Status);
        await EventuallyStatusAsync(webhookId, WebhookEvent.Failed, "the replay is given up on after a fresh horizon");
    }

    /// <summary>Holds a transaction-scoped advisory lock on a key, as a long transaction about the same object would.</summary>
    private async Task<NpgsqlConnection> HoldLockAsync(string key)
    {
        var connection = new NpgsqlConnection(Env.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var begin = new NpgsqlCommand("BEGIN", connection);
        await begin.ExecuteNonQueryAsync();
        await using var lockKey = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", connection)
        {
            Parameters = { new() { Value = key } },
        };
        await lockKey.ExecuteNonQueryAsync();
        return connection;
    }
}
