extern alias AppHost;

using System.Diagnostics;
using System.Net;
using AppHost::CourseCove.AppHost.Monitoring;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Monitoring;

/// <summary>
/// Traces as a backend receives them from an in-process Api and Worker (their own OpenTelemetry SDK and sampler):
/// nothing while idle, one trace per webhook, its database spans named after their statements.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class IdleTracingTests(AppHostFixture app)
{
    private const string AdminKey = "idle-tracing-tests-admin-key-0123456789";
    // The Worker polls Redis and PostgreSQL every second: before the sampler, ~3 root traces a second.
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task IdleServicesExportNoTracesAndAWebhookIsOneTraceFromRequestToWorker()
    {
        await using var env = await IsolatedEnvironment.CreateAsync(app);
        var spans = new ExportedSpans();
        await using var apiFactory = new ApiFactory(app, [.. env.Settings, ("Admin:ApiKey", AdminKey)]);
        await using var workerFactory = new WorkerFactory(app, [.. env.Settings, ("Worker:ConsumerName", "idle-tracing")]);
        await using var api = Exporting(apiFactory, spans);
        await using var worker = Exporting(workerFactory, spans);
        var apiClient = api.CreateClient();
        var workerClient = worker.CreateClient();

        // What the AppHost does to an idle system: health probes, and the sync-health monitor's stats poll.
        for (var idle = Stopwatch.StartNew(); idle.Elapsed < IdleWindow; await Task.Delay(1000))
        {
            (await apiClient.GetAsync("/health")).Dispose();
            (await workerClient.GetAsync("/health")).Dispose();
            using var stats = await apiClient.SendAsync(SyncHealthMonitor.UntracedStatsRequest(apiClient.BaseAddress!, AdminKey));
            Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        }

        // The one trace an idle Worker may make: the retention pass it runs when it starts (then every Retention:Interval,
        // an hour) — scheduled work, not polling.
        var roots = spans.Where(s => s.ParentSpanId == default).ToList();
        var startupPass = roots.Where(r => r.DisplayName == "retention").Take(1).ToList();
        roots = [.. roots.Except(startupPass)];
        Assert.True(roots.Count == 0, $"{roots.Count} traces in {IdleWindow.TotalSeconds} s idle besides the start-up retention pass: " +
            string.Join(", ", roots.GroupBy(r => $"{r.Source.Name} '{r.DisplayName}'").Select(g => $"{g.Key} x{g.Count()}")));

        var webhookId = NewId("msg");
        var sender = new WebhookSender(apiClient, app.SigningSecret);
        using var queued = await sender.SendAsync(Membership(MembershipCreated, NewId("orgmem"), NewId("org"), NewId("user"), 100), webhookId);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(spans.Tagged(webhookId).Any(s => s.DisplayName.StartsWith("worker ", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the Worker's span for the queued webhook is exported");

        var request = Assert.Single(spans.Tagged(webhookId), s => s.Kind == ActivityKind.Server);
        Assert.Equal(default, request.ParentSpanId);
        Assert.All(spans.Tagged(webhookId), s => Assert.Equal(request.TraceId, s.TraceId));
        // Its database spans say what they did ("INSERT webhook_events"), not just "postgresql".
        var database = spans.Where(s => s.TraceId == request.TraceId && s.Source.Name == "Npgsql").ToList();
        Assert.Contains(database, s => s.DisplayName.EndsWith(" webhook_events", StringComparison.Ordinal));
        Assert.All(database, s => Assert.Matches(@"^[A-Z]+( \S+)?(; [A-Z]+( \S+)?)*$", s.DisplayName));
    }

    private static WebApplicationFactory<T> Exporting<T>(WebApplicationFactory<T> service, ExportedSpans spans) where T : class =>
        service.WithWebHostBuilder(host => host.ConfigureServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))));
}
