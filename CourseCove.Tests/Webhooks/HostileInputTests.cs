using System.Net;
using CourseCove.Sync.Data;
using CourseCove.Sync.Processing;
using CourseCove.Sync.Streaming;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Webhooks;

/// <summary>
/// What a Clerk user types (names, addresses, unsafe_metadata) reaches us signed by Clerk: whatever it is, the event is
/// stored and applied, and it never blocks the events after it — through the fast path, through Redis alone, and
/// across a Worker that is SIGKILLed and restarted.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class HostileInputTests(AppHostFixture app) : WorkerEnvironmentTest(app)
{
    public static TheoryData<string> Kinds => new(HostileValues.Kinds);

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task HostileValuesAreStoredAppliedAndNeverBlockWhatComesAfter(string kind)
    {
        var worker = await StartConsumingWorkerAsync($"hostile-{kind}-a");
        var (_, sender) = StartApi();
        var (user, org, membership) = (NewId("user"), NewId("org"), NewId("orgmem"));
        var created = NewId("msg");
        Assert.True((await sender.SendAsync(User(UserCreated, user, 100), created)).IsSuccessStatusCode);
        await EventuallyStatusAsync(created, WebhookEvent.Completed, "the user is stored", TimeSpan.FromSeconds(10));

        // Signed and delivered: a 2xx, and a row the moment it is answered.
        var (body, firstName, email) = HostileValues.User(kind, UserUpdated, user, 200);
        var delivered = NewId("msg");
        using var response = await sender.SendAsync(body, delivered);
        Assert.True(response.IsSuccessStatusCode, $"answered {(int)response.StatusCode}");
        Assert.NotNull(await Env.Db.EventAsync(delivered));
        await EventuallyStatusAsync(delivered, WebhookEvent.Completed, "the hostile delivery completes", TimeSpan.FromSeconds(10));
        Assert.Equal((firstName, email), await NameAndEmailAsync(user));

        // The same content handed to the Worker through Redis alone, as the Api did before when PostgreSQL refused it.
        var viaRedis = NewId("msg");
        var (laterBody, _, _) = HostileValues.User(kind, UserUpdated, user, 300);
        await new WebhookQueue(Redis).EnqueueAsync(new ReceivedWebhook(viaRedis, UserUpdated, laterBody, DateTimeOffset.UtcNow), recorded: false);
        await EventuallyStatusAsync(viaRedis, WebhookEvent.Completed, "the Worker records and completes it", TimeSpan.FromSeconds(10));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(300), (await Env.Db.UserAsync(user))!.UpdatedAt);

        // A Worker killed mid-life and another started: a membership queued right after still completes.
        await worker.KillAsync();
        await StartConsumingWorkerAsync($"hostile-{kind}-b");
        var queued = NewId("msg");
        Assert.Equal(HttpStatusCode.Accepted, (await sender.SendAsync(Membership(MembershipCreated, membership, org, user, 100), queued)).StatusCode);
        Assert.True((await sender.SendAsync(Organization(OrganizationCreated, org, 100))).IsSuccessStatusCode);
        await EventuallyStatusAsync(queued, WebhookEvent.Completed, "the queued membership completes", TimeSpan.FromSeconds(15));
        Assert.NotNull(await Env.Db.MembershipAsync(membership));
    }

    private async Task<(string?, string?)> NameAndEmailAsync(string userId)
    {
        var row = (await Env.Db.UserAsync(userId))!;
        return (row.FirstName, row.Email);
    }
}
