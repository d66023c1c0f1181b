using System.Net;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Monitoring;

/// <summary>The contract instruments, counted by outcome during a scenario against an in-process Api.</summary>
[Collection(AppHostCollection.Name)]
public sealed class MetricsTests(AppHostFixture app)
{
    [Fact]
    public async Task ReceivedCounterCountsEveryOutcome()
    {
        await using var env = await IsolatedEnvironment.CreateAsync(app);
        using var metrics = new MetricCollector();
        await using var api = new ApiFactory(app, env.Settings);
        var client = api.CreateClient();
        var sender = new WebhookSender(client, app.SigningSecret);
        var (user, webhookId) = (NewId("user"), NewId("msg"));

        Assert.Equal(HttpStatusCode.OK, (await sender.SendAsync(User(UserCreated, user, 100), webhookId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sender.SendAsync(User(UserCreated, user, 100), webhookId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sender.SendAsync(User(UserUpdated, user, 200))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await sender.SendAsync(Membership(MembershipCreated, NewId("orgmem"), NewId("org"), user, 100))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await new WebhookSender(client, TestSecrets.Random()).SendAsync(User(UserCreated, NewId("user"), 100))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await sender.SendAsync("{}")).StatusCode);

        const string received = "coursecove.webhooks.received";
        Assert.Equal(1, metrics.Sum(received, ("event_type", UserCreated), ("outcome", "fast_path")));
        Assert.Equal(1, metrics.Sum(received, ("event_type", UserUpdated), ("outcome", "fast_path")));
        Assert.Equal(1, metrics.Sum(received, ("event_type", UserCreated), ("outcome", "duplicate")));
        Assert.Equal(1, metrics.Sum(received, ("event_type", MembershipCreated), ("outcome", "queued")));
        Assert.Equal(2, metrics.Sum(received, ("outcome", "rejected")));
        Assert.Equal(6, metrics.Sum(received));
        Assert.Equal(2, metrics.Count("coursecove.webhooks.time_to_consistency", ("path", "fast_path")));
        // Every delivery that got past verification spent time in the fast path (the duplicate included).
        Assert.Equal(4, metrics.Count("coursecove.webhooks.fast_path.duration"));
        Assert.DoesNotContain(metrics.Measurements, m => m.Tags.Values.Any(v => v?.Contains(user) == true));
    }
}
