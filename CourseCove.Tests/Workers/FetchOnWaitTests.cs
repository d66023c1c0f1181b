using System.Diagnostics;
using CourseCove.Simulator.History;
using CourseCove.Sync.Data;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Reconciliation;
using CourseCove.Tests.Support;
using static CourseCove.Sync.Events.ClerkEventTypes;

namespace CourseCove.Tests.Workers;

/// <summary>A membership whose user.created never comes: the Worker fetches the user from Clerk's Backend API.</summary>
[Collection(AppHostCollection.Name)]
public sealed class FetchOnWaitTests(AppHostFixture app) : WorkerEnvironmentTest(app)
{
    [Fact]
    public async Task AMembershipWhoseUserCreatedIsNeverDeliveredCompletesSoonAfterFetchMissingAfter()
    {
        await using var clerk = await FakeClerk.StartAsync(new HistoryOptions { Users = 4, Organizations = 1, Memberships = 3, Updates = 0, Deletes = 0, Seed = 4242 });
        await StartConsumingWorkerAsync("worker-fetch-on-wait", clerk.Settings(("Worker:FetchMissingAfter", "00:00:02")));
        var (_, sender) = StartApi();
        var membership = clerk.History.Events.First(e => e.Type == MembershipCreated);
        var organization = clerk.History.Events.Single(e => e.Type == OrganizationCreated && e.ObjectId == membership.OrganizationId);

        Assert.True((await sender.SendAsync(organization.Body, organization.SvixId)).IsSuccessStatusCode);
        var watch = Stopwatch.StartNew();
        Assert.True((await sender.SendAsync(membership.Body, membership.SvixId)).IsSuccessStatusCode);

        // Its user.created is lost: never sent.
        await EventuallyStatusAsync(membership.SvixId, WebhookEvent.Completed, "the membership completes", TimeSpan.FromSeconds(20));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2 + 5), $"completed after {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.NotNull(await Env.Db.MembershipAsync(membership.ObjectId));
        Assert.Equal(clerk.Truth.Users[membership.UserId!].Email, (await Env.Db.UserAsync(membership.UserId!))!.Email);
    }
}
