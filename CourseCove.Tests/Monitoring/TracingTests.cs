using System.Net;
using CourseCove.Sync.Telemetry;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Monitoring;

/// <summary>One trace per delivery: the Worker continues the trace of the request that queued the event.</summary>
[Collection(AppHostCollection.Name)]
public sealed class TracingTests(AppHostFixture app)
{
    [Fact]
    public async Task QueuedEventsWorkerSpansBelongToTheRequestsTrace()
    {
        using var activities = new ActivityCollector();
        await using var env = await IsolatedEnvironment.CreateAsync(app);
        await using var api = new ApiFactory(app, env.Settings);
        await using var worker = new WorkerFactory(app, [.. env.Settings, ("Worker:ConsumerName", "trace-worker")]);
        worker.Start();
        var sender = new WebhookSender(api.CreateClient(), app.SigningSecret);
        var (org, user, membership, webhookId) = (NewId("org"), NewId("user"), NewId("orgmem"), NewId("msg"));

        Assert.Equal(HttpStatusCode.Accepted, (await sender.SendAsync(Membership(MembershipCreated, membership, org, user, 100), webhookId)).StatusCode);
        await Eventually.HoldsAsync(async () => (await env.Db.EventAsync(webhookId))?.Status == "pending"
            && activities.Tagged(webhookId).Any(a => a.GetTagItem("coursecove.worker.outcome") as string == "parked"),
            TimeSpan.FromSeconds(30), "the Worker parks the membership");
        await sender.SendAsync(Organization(OrganizationCreated, org, 100));
        await sender.SendAsync(User(UserCreated, user, 100));
        await Eventually.HoldsAsync(async () => (await env.Db.EventAsync(webhookId))?.Status == "completed"
            && activities.Tagged(webhookId).Any(a => a.GetTagItem("coursecove.worker.outcome") as string == "completed"),
            TimeSpan.FromSeconds(5), "the membership completes in the Worker soon after its dependencies");

        var request = Assert.Single(activities.Tagged(webhookId), a => a.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal("queued", request.GetTagItem("coursecove.path"));
        var workerSpans = activities.Tagged(webhookId)
            .Where(a => a.Source.Name == SyncTelemetry.Name && a.DisplayName.StartsWith("worker ", StringComparison.Ordinal)).ToList();
        var outcomes = workerSpans.Select(a => a.GetTagItem("coursecove.worker.outcome") as string).ToList();
        Assert.Contains("parked", outcomes);
        Assert.Contains("completed", outcomes);
        Assert.All(workerSpans, span => Assert.Equal(request.TraceId, span.TraceId));
        // Processing spans (the database transaction) nest under the Worker's spans in the same trace.
        Assert.Contains(activities.Tagged(webhookId), a => a.DisplayName == $"process {MembershipCreated}" && a.TraceId == request.TraceId
            && workerSpans.Any(w => w.SpanId == a.ParentSpanId));
    }
}
