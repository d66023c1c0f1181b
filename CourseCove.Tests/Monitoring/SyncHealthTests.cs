extern alias AppHost;

using System.Net;
using AppHost::CourseCove.AppHost.Monitoring;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using CourseCove.Sync;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Monitoring;

/// <summary>The Resources page as the sync's health panel: the api resource's live properties and health.</summary>
[Collection(AppHostCollection.Name)]
public sealed class SyncHealthTests(AppHostFixture app)
{
    private static readonly TimeSpan Refresh = SyncHealthMonitor.PollInterval * 3;
    // Aspire re-runs a healthy resource's checks every 30 s, so turning Degraded can take that long.
    private static readonly TimeSpan HealthRecheck = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task ApiResourceShowsTheLastHoursSyncStatsLive()
    {
        await WaitForApiAsync(s => Property(s, SyncHealthProperties.Events) is long, Refresh, "the api shows the sync stats");
        var before = (long)Property(Api(), SyncHealthProperties.Events)!;

        using var response = await new WebhookSender(app.CreateApiClient(), app.SigningSecret).SendAsync(User(UserCreated, NewId("user"), 100));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await WaitForApiAsync(s => Property(s, SyncHealthProperties.Events) is long events && events > before, Refresh,
            "the api's event count includes the webhook just sent");
        var snapshot = Api();
        Assert.Matches(@"^\d+\.\d %$", Property(snapshot, SyncHealthProperties.FastPath) as string);
        Assert.IsType<long>(Property(snapshot, SyncHealthProperties.Pending));
        Assert.IsType<long>(Property(snapshot, SyncHealthProperties.Failed));
    }

    [Fact]
    public async Task ApiIsDegradedWhileFailedEventsExistAndTheWorkerStillRestarts()
    {
        await using var db = new SyncDatabase(app.DatabaseConnectionString);
        var webhookId = NewId("msg");
        await db.DeliverAsync(User(UserCreated, NewId("user"), 100), webhookId);
        await db.ExecuteAsync("UPDATE webhook_events SET status = 'failed', last_error = 'sync health test' WHERE webhook_id = $1", webhookId);
        try
        {
            await WaitForApiAsync(s => s.HealthStatus == HealthStatus.Degraded && Property(s, SyncHealthProperties.Failed) is >= 1L,
                HealthRecheck, "the api turns Degraded and shows the failed event");
            Assert.Equal(KnownResourceStates.Running, Api().State?.Text);
            // The health report, shown without "Show all", says what to do.
            Assert.Contains(Api().HealthReports, r => r.Name == SyncHealthExtensions.HealthCheckName
                && r.Status == HealthStatus.Degraded && r.Description?.Contains("Replay failed events", StringComparison.Ordinal) == true);

            // A Degraded api must not hold the Worker back: it is what replays and clears failures.
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var commands = app.App.Services.GetRequiredService<ResourceCommandService>();
            var restarted = await commands.ExecuteCommandAsync(ResourceNames.Worker, KnownResourceCommands.RestartCommand, timeout.Token);
            Assert.True(restarted.Success, restarted.Message);
            await app.App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Worker, timeout.Token);
        }
        finally
        {
            await db.ExecuteAsync("UPDATE webhook_events SET status = 'completed', last_error = NULL WHERE webhook_id = $1", webhookId);
        }

        // Other tests expect a healthy api: it recovers once the failure is gone.
        await WaitForApiAsync(s => s.HealthStatus == HealthStatus.Healthy, Refresh + TimeSpan.FromSeconds(10), "the api is healthy again");
    }

    private CustomResourceSnapshot Api() =>
        app.App.ResourceNotifications.TryGetCurrentState(ResourceNames.Api, out var e) ? e.Snapshot : throw new InvalidOperationException("No api resource.");

    private static object? Property(CustomResourceSnapshot snapshot, string name) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == name)?.Value;

    private Task WaitForApiAsync(Func<CustomResourceSnapshot, bool> condition, TimeSpan timeout, string what) =>
        Eventually.HoldsAsync(() => Task.FromResult(condition(Api())), timeout, what);
}
