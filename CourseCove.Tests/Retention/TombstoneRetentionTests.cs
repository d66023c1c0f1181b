using CourseCove.Sync.Data;
using CourseCove.Sync.Processing;
using CourseCove.Sync.Telemetry;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Retention;

/// <summary>Tombstones outlive the dependency horizon, and every event that may still be processed or replayed, then go.</summary>
[Collection(AppHostCollection.Name)]
public sealed class TombstoneRetentionTests(AppHostFixture app) : RetentionTest(app)
{
    private static readonly TimeSpan Horizon = TimeSpan.FromHours(1);

    private Task<long> TombstoneAsync(string id) => Env.Db.CountAsync("SELECT count(*) FROM tombstones WHERE id = $1", id);

    private static long MsAgo(TimeSpan age) => (DateTimeOffset.UtcNow - age).ToUnixTimeMilliseconds();

    [Fact]
    public async Task TombstonesOlderThanTheDependencyHorizonAreDroppedAndYoungerOnesKept()
    {
        var (oldOrg, youngOrg, oldMembership) = (NewId("org"), NewId("org"), NewId("orgmem"));
        await Env.Db.DeliverAsync(Deleted(OrganizationDeleted, oldOrg, MsAgo(TimeSpan.FromHours(2))));
        await Env.Db.DeliverAsync(Deleted(OrganizationDeleted, youngOrg, MsAgo(TimeSpan.FromMinutes(30))));
        await Env.Db.DeliverAsync(Membership(MembershipDeleted, oldMembership, NewId("org"), NewId("user"), MsAgo(TimeSpan.FromHours(2))));
        Assert.Equal(3, await Env.Db.CountAsync("SELECT count(*) FROM tombstones"));
        using var metrics = new MetricCollector();

        var tally = await Pass(Long, Long, dependencyHorizon: Horizon).RunAsync(CancellationToken.None);

        Assert.Equal(2, tally.Tombstones);
        Assert.Equal(2, metrics.Sum(RetentionTelemetry.Erased.Name, ("kind", RetentionTelemetry.Tombstone)));
        Assert.Equal((0L, 1L, 0L), (await TombstoneAsync(oldOrg), await TombstoneAsync(youngOrg), await TombstoneAsync(oldMembership)));
    }

    [Fact]
    public async Task ATombstoneStaysWhileADeadLetterThatCouldUndoItCanStillBeReplayed()
    {
        var (org, update) = (NewId("org"), NewId("msg"));
        var updateBody = Organization(OrganizationUpdated, org, MsAgo(TimeSpan.FromHours(3)), name: "Renamed");
        await Env.Db.DeliverAsync(Deleted(OrganizationDeleted, org, MsAgo(TimeSpan.FromHours(2))));
        // An update from before the deletion, delivered late and dead-lettered: replaying it must not bring the organization back.
        await Env.Db.DeliverAsync(updateBody, update);
        await Env.Db.ExecuteAsync(
            "UPDATE webhook_events SET status = 'failed', last_error = 'boom', created_at = now() - interval '90 minutes', updated_at = now() WHERE webhook_id = $1", update);

        Assert.Equal(0, (await Pass(Long, Long, dependencyHorizon: Horizon).RunAsync(CancellationToken.None)).Tombstones);
        Assert.Equal(1, await TombstoneAsync(org));

        // Clerk's Replay of it (the same svix-id, processed like a delivery) finds the tombstone: completed, no effect.
        // Then nothing can undo the deletion any more.
        Assert.Equal(ProcessingStatus.Completed, (await Env.Db.DeliverAsync(updateBody, update, ProcessingPath.FastPath)).Status);
        Assert.Null(await Env.Db.OrganizationAsync(org));
        Assert.Equal(1, (await Pass(Long, Long, dependencyHorizon: Horizon).RunAsync(CancellationToken.None)).Tombstones);
        Assert.Equal(0, await TombstoneAsync(org));
    }
}
