using CourseCove.Sync.Data;
using CourseCove.Sync.Processing;
using CourseCove.Sync.Telemetry;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Retention;

/// <summary>A user deleted in Clerk loses their personal data here: their row's columns and every stored body about them.</summary>
[Collection(AppHostCollection.Name)]
public sealed class ErasureTests(AppHostFixture app) : RetentionTest(app)
{
    [Fact]
    public async Task ADeletedUsersPersonalDataLeavesTheirRowAndEveryStoredBody()
    {
        var (user, org, membership) = (NewId("user"), NewId("org"), NewId("orgmem"));
        var (email, otherEmail) = ($"{user}@example.org", $"{NewId("other")}@example.org");
        await Env.Db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await Env.Db.DeliverAsync(User(UserCreated, user, 100, email));
        await Env.Db.DeliverAsync(User(UserUpdated, user, 200, email, firstName: "Augusta"));
        await Env.Db.DeliverAsync(Membership(MembershipCreated, membership, org, user, 100, identifier: email));
        await Env.Db.DeliverAsync(User(UserCreated, NewId("user"), 100, otherEmail));
        // Deleted in 1970 as far as its timestamp goes: long past any retention.
        await Env.Db.DeliverAsync(Deleted(UserDeleted, user, 300));
        Assert.Equal(3, await BodiesContainingAsync(email));
        using var metrics = new MetricCollector();

        var tally = await Pass(deletedUsers: Tiny, eventPayloads: Long).RunAsync(CancellationToken.None);

        Assert.Equal(1, await Env.Db.CountAsync("""
            SELECT count(*) FROM users WHERE id = $1 AND status = 'DELETED' AND deleted_at IS NOT NULL
              AND email IS NULL AND first_name IS NULL AND last_name IS NULL AND username IS NULL AND image_url IS NULL
            """, user));
        Assert.Equal(0, await BodiesContainingAsync(email));
        Assert.Equal(0, await BodiesContainingAsync(user));
        Assert.Equal(1, await BodiesContainingAsync(otherEmail));
        // Each event recorded its user as it completed: no body had to be read.
        Assert.Equal((1, 0, 4, 0), (tally.Users, tally.Pruned, tally.Erased, tally.Read));
        Assert.Equal(1, metrics.Sum(RetentionTelemetry.Erased.Name, ("kind", RetentionTelemetry.User)));
        Assert.Equal(4, metrics.Sum(RetentionTelemetry.Erased.Name, ("kind", RetentionTelemetry.Payload)));
    }

    [Fact]
    public async Task AnErasedUserStaysDeletedAndTheirEventsStayDuplicates()
    {
        var (_, sender) = StartAdminApi();
        var (user, created) = (NewId("user"), NewId("msg"));
        var email = $"{user}@example.org";
        var createdBody = User(UserCreated, user, 100, email);
        await Env.Db.DeliverAsync(createdBody, created);
        await Env.Db.DeliverAsync(Deleted(UserDeleted, user, 300));
        await Pass(deletedUsers: Tiny, eventPayloads: Long).RunAsync(CancellationToken.None);

        // Svix retries the user.created; a user.updated from before the deletion arrives late.
        using var retry = await sender.SendAsync(createdBody, created);
        var late = await Env.Db.DeliverAsync(User(UserUpdated, user, 400, email, firstName: "Late"), path: ProcessingPath.FastPath);

        Assert.Contains("duplicate", await retry.Content.ReadAsStringAsync());
        Assert.Equal(ProcessingStatus.Completed, late.Status);
        var row = await Env.Db.UserAsync(user);
        Assert.Equal("DELETED", row!.Status);
        Assert.Null(row.Email);
        Assert.Null(row.FirstName);

        // The late delivery's body is stored like any other, and goes with the next pass.
        Assert.Equal(1, await BodiesContainingAsync(email));
        var next = await Pass(deletedUsers: Tiny, eventPayloads: Long).RunAsync(CancellationToken.None);
        Assert.Equal((0, 1), (next.Users, next.Erased));
        Assert.Equal(0, await BodiesContainingAsync(email));
    }

    [Fact]
    public async Task ADeadLetterAboutAnErasedUserIsReadForItsUserAndLosesItsBody()
    {
        var (user, webhookId) = (NewId("user"), NewId("msg"));
        var email = $"{user}@example.org";
        await Env.Db.DeliverAsync(User(UserCreated, user, 100, email));
        // It never completed through the rules (the Worker gave up on it), so no user was recorded with it.
        var update = User(UserUpdated, user, 200, email, firstName: "Augusta");
        await Env.Db.EventLog.HandOffAsync(new ReceivedWebhook(webhookId, UserUpdated, update, DateTimeOffset.UtcNow), [], "boom",
            redriveFailed: false, CancellationToken.None);
        await Env.Db.ExecuteAsync("UPDATE webhook_events SET status = 'failed' WHERE webhook_id = $1", webhookId);
        await Env.Db.DeliverAsync(Deleted(UserDeleted, user, 300));

        var tally = await Pass(deletedUsers: Tiny, eventPayloads: Long).RunAsync(CancellationToken.None);

        Assert.Equal((1, 3), (tally.Read, tally.Erased));
        Assert.Null(await PayloadAsync(webhookId));
        Assert.Equal(0, await BodiesContainingAsync(email));
    }

    [Fact]
    public async Task AUserDeletedMoreRecentlyThanTheRetentionKeepsTheirData()
    {
        var user = NewId("user");
        var email = $"{user}@example.org";
        await Env.Db.DeliverAsync(User(UserCreated, user, 100, email));
        await Env.Db.DeliverAsync(Deleted(UserDeleted, user, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

        var tally = await Pass(deletedUsers: TimeSpan.FromHours(1), eventPayloads: Long).RunAsync(CancellationToken.None);

        Assert.Equal((0, 0), (tally.Users, tally.Erased));
        Assert.Equal(email, (await Env.Db.UserAsync(user))!.Email);
        Assert.Equal(1, await BodiesContainingAsync(email));
    }
}
