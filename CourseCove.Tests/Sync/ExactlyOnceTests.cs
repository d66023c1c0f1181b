using CourseCove.Sync.Data;
using CourseCove.Sync.Processing;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Sync;

/// <summary>One svix-id, one row, one effect: replays, re-drives and concurrent duplicates.</summary>
[Collection(AppHostCollection.Name)]
public sealed class ExactlyOnceTests(AppHostFixture app) : DatabaseTest(app)
{
    [Fact]
    public async Task ReplayOfACompletedEventChangesNothing()
    {
        var (user, webhookId) = (NewId("user"), NewId("msg"));
        await Db.DeliverAsync(User(UserCreated, user, 100, email: "first@example.org"), webhookId);
        // Same svix-id, different content: a duplicate is recognised by id, never re-applied.
        var replay = await Db.DeliverAsync(User(UserUpdated, user, 999, email: "changed@example.org"), webhookId);

        Assert.Equal(ProcessingStatus.Duplicate, replay.Status);
        Assert.Equal("first@example.org", (await Db.UserAsync(user))!.Email);
        var evt = (await Db.EventAsync(webhookId))!;
        Assert.Equal((WebhookEvent.Completed, 1, 1L), (evt.Status, evt.Attempts, evt.Rows));
    }

    [Fact]
    public async Task DuplicateOfAFailedEventReDrivesIt()
    {
        var (user, webhookId) = (NewId("user"), NewId("msg"));
        var body = User(UserCreated, user, 100);
        await Db.DeliverAsync(body, webhookId);
        await Db.ExecuteAsync("UPDATE webhook_events SET status = 'failed', last_error = 'boom' WHERE webhook_id = $1", webhookId);
        await Db.ExecuteAsync("DELETE FROM users WHERE id = $1", user);

        var redrive = await Db.DeliverAsync(body, webhookId);

        Assert.Equal(ProcessingStatus.Completed, redrive.Status);
        Assert.NotNull(await Db.UserAsync(user));
        var evt = (await Db.EventAsync(webhookId))!;
        Assert.Equal((WebhookEvent.Completed, (string?)null), (evt.Status, evt.LastError));
    }

    [Fact]
    public async Task ConcurrentDuplicatesProduceOneRowAndOneEffect()
    {
        var (org, webhookId) = (NewId("org"), NewId("msg"));
        var body = Organization(OrganizationCreated, org, 100);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Db.DeliverAsync(body, webhookId))));

        Assert.Single(results, r => r.Status == ProcessingStatus.Completed);
        Assert.Equal(15, results.Count(r => r.Status == ProcessingStatus.Duplicate));
        var evt = (await Db.EventAsync(webhookId))!;
        Assert.Equal((WebhookEvent.Completed, 1, 1L), (evt.Status, evt.Attempts, evt.Rows));
    }

    [Fact]
    public async Task ConcurrentEventsAboutOneUserEndAtTheNewest()
    {
        var user = NewId("user");
        var versions = Enumerable.Range(1, 20).Select(v => User(UserUpdated, user, v * 10L, firstName: $"v{v}")).ToList();

        await Task.WhenAll(versions.Select(body => Task.Run(() => Db.DeliverAsync(body))));

        Assert.Equal("v20", (await Db.UserAsync(user))!.FirstName);
    }

    [Fact]
    public async Task OtherEventTypesAreCompletedWithNoEffect()
    {
        var webhookId = NewId("msg");
        var result = await Db.DeliverAsync(new ClerkFixtures().Load("session.created"), webhookId);

        Assert.Equal(ProcessingStatus.Completed, result.Status);
        Assert.False(result.Outcome.Changed);
        Assert.Equal(WebhookEvent.Completed, (await Db.EventAsync(webhookId))!.Status);
    }
}
