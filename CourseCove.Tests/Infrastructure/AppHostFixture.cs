extern alias AppHost;

using AppHost::CourseCove.AppHost.Secrets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CourseCove.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CourseCove.Tests.Infrastructure;

/// <summary>Shares one running AppHost among every test class in the collection.</summary>
[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}

/// <summary>
/// Starts the real AppHost once per test run (containers or local processes, whichever the machine offers)
/// with a known signing secret and admin key and a fresh data directory, and waits until every api and worker
/// replica is healthy and answers its own <c>/health</c>. One Api and one Worker, unless a subclass asks for more.
/// </summary>
public class AppHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"coursecove-tests-{Guid.NewGuid():N}");
    private DistributedApplication? _app;
    private ResourceReplicas? _replicas;

    public AppHostFixture()
        : this(apiReplicas: 1, workerReplicas: 1)
    {
    }

    /// <summary>An AppHost with this many Api and Worker processes (<c>CourseCove:ApiReplicas</c>, <c>CourseCove:WorkerReplicas</c>).</summary>
    protected AppHostFixture(int apiReplicas, int workerReplicas) => (ApiReplicas, WorkerReplicas) = (apiReplicas, workerReplicas);

    public int ApiReplicas { get; }

    public int WorkerReplicas { get; }

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    /// <summary>The latest state of each replica of each resource.</summary>
    public ResourceReplicas Replicas => _replicas ?? throw new InvalidOperationException("The AppHost has not started.");

    /// <summary>The whsec_... secret the Api verifies webhook signatures with.</summary>
    public string SigningSecret { get; } = AppHostSecrets.NewWebhookSigningSecret();

    public string AdminApiKey { get; } = AppHostSecrets.NewAdminApiKey();

    /// <summary>ConnectionStrings:coursecove as the Api sees it.</summary>
    public string DatabaseConnectionString { get; private set; } = "";

    /// <summary>ConnectionStrings:redis as the Api sees it.</summary>
    public string RedisConnectionString { get; private set; } = "";

    /// <summary>The console output of api and worker up to the moment both were healthy, by resource name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<LogLine>> StartupLogs { get; private set; } =
        new Dictionary<string, IReadOnlyList<LogLine>>();

    /// <summary>A client whose base address is the api's http endpoint.</summary>
    public HttpClient CreateApiClient() => App.CreateHttpClient(ResourceNames.Api, "http");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.CourseCove_AppHost>(
        [
            $"--Parameters:{AppHostSecrets.WebhookSigningSecret}={SigningSecret}",
            $"--Parameters:{AppHostSecrets.AdminApiKey}={AdminApiKey}",
            $"--CourseCove:DataDirectory={_dataDirectory}",
            $"--CourseCove:ApiReplicas={ApiReplicas}",
            $"--CourseCove:WorkerReplicas={WorkerReplicas}",
        ], timeout.Token);
        // The AppHost's fake Clerk serves its sample history, not the histories the tests deliver: asked about their users,
        // it would answer 404 and fetch-on-wait or a reconciliation pass would (rightly) delete them. Backend API features
        // are tested against fakes of their own; here the Worker never asks.
        var worker = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == ResourceNames.Worker);
        builder.CreateResourceBuilder(worker)
            .WithEnvironment("Worker__FetchMissingAfter", "1.00:00:00")
            .WithEnvironment("Clerk__ReconcileInterval", "00:00:00");
        _app = await builder.BuildAsync(timeout.Token);
        _replicas = new ResourceReplicas(_app.ResourceNotifications);
        await _app.StartAsync(timeout.Token);

        // Stop waiting as soon as a replica fails instead of sitting out the whole timeout.
        foreach (var (resource, count) in new[] { (ResourceNames.Api, ApiReplicas), (ResourceNames.Worker, WorkerReplicas) })
        {
            var replicas = await Replicas.WaitForAsync(resource, count, s => s.HealthStatus == HealthStatus.Healthy, timeout.Token);
            // Aspire checks a resource's health through its proxy, that is on any one replica: ask each one itself.
            await Task.WhenAll(replicas.Select(r => WaitUntilServingAsync(ReplicaAddress(r), timeout.Token)));
        }

        StartupLogs = await ReadLogsAsync([ResourceNames.Api, ResourceNames.Worker], timeout.Token);
        DatabaseConnectionString = await ConnectionStringAsync(ResourceNames.Database, timeout.Token);
        RedisConnectionString = await ConnectionStringAsync(ResourceNames.Redis, timeout.Token);
    }

    /// <summary>The console output so far of one replica, by its id (<c>worker-abcd1234</c>).</summary>
    public async Task<IReadOnlyList<string>> ConsoleAsync(string replicaId)
    {
        var lines = new List<string>();
        await foreach (var batch in App.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(replicaId))
        {
            lines.AddRange(batch.Select(line => line.Content));
        }

        return lines;
    }

    /// <summary>
    /// The address a replica listens on itself, behind the resource's shared proxy: its port is in the
    /// <c>ASPNETCORE_URLS</c> Aspire gave it.
    /// </summary>
    public static Uri ReplicaAddress(ResourceEvent replica)
    {
        var urls = replica.Snapshot.EnvironmentVariables.Single(e => e.Name == "ASPNETCORE_URLS").Value
            ?? throw new InvalidOperationException($"{replica.ResourceId} has no ASPNETCORE_URLS.");
        return new Uri(urls.Split(';')[0]);
    }

    public async Task DisposeAsync()
    {
        if (_replicas is not null)
        {
            await _replicas.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<LogLine>>> ReadLogsAsync(
        string[] resources, CancellationToken cancellationToken)
    {
        var loggers = App.Services.GetRequiredService<ResourceLoggerService>();
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        var logs = new Dictionary<string, IReadOnlyList<LogLine>>();
        foreach (var resource in resources)
        {
            var lines = new List<LogLine>();
            // By the resource, not its name: the logs are kept under the replica's name (api-xxxxxxxx).
            await foreach (var batch in loggers.GetAllAsync(model.Resources.Single(r => r.Name == resource)).WithCancellation(cancellationToken))
            {
                lines.AddRange(batch);
            }

            logs[resource] = lines;
        }

        return logs;
    }

    /// <summary>Waits until the replica at this address answers its own <c>/health</c> with 200.</summary>
    public static async Task WaitUntilServingAsync(Uri replica, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = replica, Timeout = TimeSpan.FromSeconds(5) };
        var last = "no answer yet";
        try
        {
            while (true)
            {
                try
                {
                    using var response = await client.GetAsync("/health", cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }

                    last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
                }
                catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
                {
                    // Not listening yet, or too busy starting to answer within the client's timeout.
                    last = e.Message;
                }

                await Task.Delay(200, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{replica} never answered /health with 200; last: {last}");
        }
    }

    private async Task<string> ConnectionStringAsync(string resource, CancellationToken cancellationToken) =>
        await App.GetConnectionStringAsync(resource, cancellationToken)
        ?? throw new InvalidOperationException($"The AppHost gave no connection string for '{resource}'.");
}
