extern alias AppHost;

using AppHost::CourseCove.AppHost.Secrets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CourseCove.Sync;

namespace CourseCove.Tests.Infrastructure;

/// <summary>Shares one running AppHost among every test class in the collection.</summary>
[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}

/// <summary>
/// Starts the real AppHost once per test run (containers or local processes, whichever the machine offers)
/// with a known signing secret and admin key and a fresh data directory, and waits until api and worker are healthy.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"coursecove-tests-{Guid.NewGuid():N}");
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    /// <summary>The whsec_... secret the Api verifies webhook signatures with.</summary>
    public string SigningSecret { get; } = AppHostSecrets.NewWebhookSigningSecret();

    public string AdminApiKey { get; } = AppHostSecrets.NewAdminApiKey();

    /// <summary>ConnectionStrings:coursecove as the Api sees it.</summary>
    public string DatabaseConnectionString { get; private set; } = "";

    /// <summary>ConnectionStrings:redis as the Api sees it.</summary>
    public string RedisConnectionString { get; private set; } = "";

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
        ], timeout.Token);
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);

        // Stop waiting as soon as a resource fails instead of sitting out the whole timeout.
        foreach (var resource in new[] { ResourceNames.Api, ResourceNames.Worker })
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, WaitBehavior.StopOnResourceUnavailable, timeout.Token);
        }

        DatabaseConnectionString = await ConnectionStringAsync(ResourceNames.Database, timeout.Token);
        RedisConnectionString = await ConnectionStringAsync(ResourceNames.Redis, timeout.Token);
    }

    public async Task DisposeAsync()
    {
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

    private async Task<string> ConnectionStringAsync(string resource, CancellationToken cancellationToken) =>
        await App.GetConnectionStringAsync(resource, cancellationToken)
        ?? throw new InvalidOperationException($"The AppHost gave no connection string for '{resource}'.");
}
