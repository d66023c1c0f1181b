using CourseCove.Sync.Events;
using CourseCove.Sync.Processing;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Sync;

/// <summary>
/// A stored user or organization is announced to the Workers only when an event waits for it, and an event that parks
/// while its dependency is being stored is never left to its back-off re-check.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class AnnouncementTests(AppHostFixture app) : DatabaseTest(app)
{
    [Fact]
    public async Task AUserNoEventWaitsForIsNotAnnounced()
    {
        var result = await Db.DeliverAsync(User(UserCreated, NewId("user"), 100));

        Assert.True(result.Outcome.Changed);
        Assert.Empty(result.Outcome.SettledDependencies);
    }

    [Fact]
    public async Task AUserAWaitingMembershipNeedsIsAnnounced()
    {
        var (orgId, userId) = (NewId("org"), NewId("user"));
        await Db.DeliverAsync(Organization(OrganizationCreated, orgId, 100));
        var membership = Received(Membership(MembershipCreated, NewId("orgmem"), orgId, userId, 100));
        Assert.False(await Db.EventLog.HandOffAsync(membership, [DependencyKeys.User(userId)], "waiting", redriveFailed: true, CancellationToken.None));

        var result = await Db.DeliverAsync(User(UserCreated, userId, 100));

        Assert.Equal([DependencyKeys.User(userId)], result.Outcome.SettledDependencies);
    }

    [Fact]
    public async Task AnEventParkingWhileItsUserIsBeingStoredFindsItStoredAndIsDueAtOnce()
    {
        var (orgId, userId) = (NewId("org"), NewId("user"));
        await Db.DeliverAsync(Organization(OrganizationCreated, orgId, 100));
        var membership = Received(Membership(MembershipCreated, NewId("orgmem"), orgId, userId, 100));
        await Db.EventLog.HandOffAsync(membership, [DependencyKeys.User(userId)], "waiting", redriveFailed: true, CancellationToken.None);

        // The user's transaction, as an event storing it runs: its key's lock, then its row, not committed yet.
        await using var storing = await Db.DataSource.OpenConnectionAsync();
        await using var tx = await storing.BeginTransactionAsync();
        await storing.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", CancellationToken.None, DependencyKeys.User(userId));
        await storing.ExecuteAsync("INSERT INTO users (id, status, created_at, updated_at) VALUES ($1, 'ACTIVE', now(), now())", CancellationToken.None, userId);
        var parking = Db.EventLog.ParkAsync(membership.WebhookId, [DependencyKeys.User(userId)],
            recheck: TimeSpan.FromHours(1), horizon: TimeSpan.FromDays(3), "horizon", CancellationToken.None);
        await Task.Delay(300);
        Assert.False(parking.IsCompleted); // It waits for the user's lock rather than reading before the user commits.

        await tx.CommitAsync();

        Assert.Equal("pending", await parking);
        Assert.Equal(1, await Db.CountAsync(
            "SELECT count(*) FROM webhook_events WHERE webhook_id = $1 AND next_attempt_at <= now()", membership.WebhookId));
    }

    private static ReceivedWebhook Received(string body)
    {
        Assert.True(ClerkEventParser.TryParse(body, out var evt, out var error), error);
        return new ReceivedWebhook(NewId("msg"), evt!.Type, body, DateTimeOffset.UtcNow);
    }
}
