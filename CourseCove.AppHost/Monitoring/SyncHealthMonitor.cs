using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using CourseCove.AppHost.Scaling;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CourseCove.AppHost.Monitoring;

/// <summary>
/// Polls the api's stats endpoint every few seconds and publishes the reading as properties of the api resource;
/// as the health check <see cref="SyncHealthExtensions.HealthCheckName"/> it reports Degraded while events failed.
/// </summary>
internal sealed partial class SyncHealthMonitor(
    ProjectResource api, ParameterResource adminApiKey, ResourceNotificationService notifications,
    ILogger<SyncHealthMonitor> logger) : BackgroundService, IHealthCheck
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(3);

    // By replica id: with CourseCove:ApiReplicas above 1, TryGetCurrentState("api") finds none.
    private readonly ConcurrentDictionary<string, CustomResourceSnapshot> _replicas = new();
    private SyncStats? _latest;

    /// <summary>
    /// A stats request that asks not to be traced (W3C traceparent, sampled flag off): a poll every few seconds would
    /// otherwise be the busiest trace in the dashboard, burying the webhooks.
    /// </summary>
    public static HttpRequestMessage UntracedStatsRequest(Uri apiBase, string adminKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(apiBase, $"/api/webhooks/stats?hours={SyncStats.WindowHours}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        request.Headers.Add("traceparent", $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-00");
        return request;
    }

    // The same numbers as the properties: the dashboard shows health reports without "Show all".
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_latest switch
        {
            null => HealthCheckResult.Healthy("No sync stats yet (the api's own health check says whether it is up)."),
            { Failed: > 0 } s => HealthCheckResult.Degraded(
                $"{s.Summary()}: fix the cause of the failures, then run 'Replay failed events'."),
            var s => HealthCheckResult.Healthy(s.Summary()),
        });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not the AppHost's shared client: its propagator would replace the traceparent, its logs would chatter.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { Timeout = TimeSpan.FromSeconds(5) };
        using var timer = new PeriodicTimer(PollInterval);
        var following = notifications.FollowReplicasAsync(api, _replicas, stoppingToken);
        try
        {
            do
            {
                // The stats are the database's, whichever replica answers through the api's address.
                if (_replicas.Values.Any(snapshot => snapshot.State?.Text == KnownResourceStates.Running))
                {
                    await PollAsync(client, stoppingToken);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        finally
        {
            await following;
        }
    }

    private async Task PollAsync(HttpClient client, CancellationToken cancellationToken)
    {
        SyncStats? reading = null;
        string status;
        try
        {
            var apiBase = new Uri(api.GetEndpoint("http").Url);
            using var request = UntracedStatsRequest(apiBase, await adminApiKey.GetValueAsync(cancellationToken) ?? "");
            using var response = await client.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            reading = SyncStats.Parse((await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken)).RootElement);
            status = reading.Failed > 0 ? "degraded: failed events" : "healthy";
        }
        catch (Exception e) when ((e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException
                                       or InvalidOperationException) && !cancellationToken.IsCancellationRequested)
        {
            // The api restarting, or not serving yet: its own health check reports that; this reading is just missing.
            LogUnavailable(logger, e.Message);
            status = $"stats unavailable: {e.Message}";
        }

        _latest = reading;
        await PublishAsync(reading, status);
    }

    private Task PublishAsync(SyncStats? reading, string status)
    {
        var values = (reading?.Properties() ?? []).Append((SyncHealthProperties.Status, status)).ToList();
        if (!_replicas.IsEmpty && _replicas.Values.All(snapshot =>
                values.All(v => snapshot.Properties.Any(p => p.Name == v.Item1 && Equals(p.Value, v.Item2)))))
        {
            return Task.CompletedTask; // Unchanged: no update for the dashboard to redraw.
        }

        // To every replica: the dashboard shows each as a resource of its own.
        return notifications.PublishUpdateAsync(api, snapshot => snapshot with
        {
            Properties =
            [
                .. snapshot.Properties.Where(p => !SyncHealthProperties.All.Contains(p.Name)),
                .. values.Select(v => new ResourcePropertySnapshot(v.Item1, v.Item2)),
            ],
        });
    }

    [LoggerMessage(LogLevel.Debug, "Sync stats unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
