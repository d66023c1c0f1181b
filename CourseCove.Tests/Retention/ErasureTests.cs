using System.Net;
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
        var (_, sender) = StartAdminApi();
        var (user, org, membership, created) = (NewId("user"), NewId("org"), NewId("orgmem"), NewId("msg"));
        var (email, otherEmail) = ($"{user}@example.org", $"{NewId("other")}@example.org");
        await sender.SendAsync(Organization(OrganizationCreated, org, 100));
        await sender.SendAsync(User(UserCreated, user, 100, email), created);
        await sender.SendAsync(User(UserUpdated, user, 200, email, firstName: "Augusta"));
        await sender.SendAsync(Membership(MembershipCreated, membership, org, user, 100, identifier: email));
        await sender.SendAsync(User(UserCreated, NewId("user"), 100, otherEmail));
        // Deleted in 1970 as far as its timestamp goes: long past any retention.
        await sender.SendAsync(Deleted(UserDeleted, user, 300));
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
        Assert.Equal((1, 0, 4), (tally.Users, tally.Pruned, tally.Erased));
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
        await sender.SendAsync(createdBody, created);
        await sender.SendAsync(Deleted(UserDeleted, user, 300));
        await Pass(deletedUsers: Tiny, eventPayloads: Long).RunAsync(CancellationToken.None);

        using var retry = await sender.SendAsync(createdBody, created);
        using var late = await sender.SendAsync(User(UserUpdated, user, 400, email, firstName: "Late"));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Contains("duplicate", await retry.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
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
    public async Task AUserDeletedMoreRecentlyThanTheRetentionKeepsTheirData()
    {
        var (_, sender) = StartAdminApi();
        var user = NewId("user");
        var email = $"{user}@example.org";
        await sender.SendAsync(User(UserCreated, user, 100, email));
        await sender.SendAsync(Deleted(UserDeleted, user, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

        var tally = await Pass(deletedUsers: TimeSpan.FromHours(1), eventPayloads: Long).RunAsync(CancellationToken.None);

        Assert.Equal((0, 0), (tally.Users, tally.Erased));
        Assert.Equal(email, (await Env.Db.UserAsync(user))!.Email);
        Assert.Equal(1, await BodiesContainingAsync(email));
    }
}
