using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CourseCove.Sync;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace CourseCove.Tests.Infrastructure;

/// <summary>End to end: the real AppHost brings up the database, Redis, Api and Worker.</summary>
[Collection(AppHostCollection.Name)]
public sealed class AppHostTests(AppHostFixture fixture)
{
    [Theory]
    [InlineData(ResourceNames.Postgres)]
    [InlineData(ResourceNames.Database)]
    [InlineData(ResourceNames.Redis)]
    [InlineData(ResourceNames.Api)]
    [InlineData(ResourceNames.Worker)]
    public void EveryResourceIsRunningAndHealthy(string resource)
    {
        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState(resource, out var current));

        Assert.Equal(KnownResourceStates.Running, current.Snapshot.State?.Text);
        Assert.Equal(HealthStatus.Healthy, current.Snapshot.HealthStatus);
    }

    [Fact]
    public async Task ApiAnswersHealthOverHttp()
    {
        using var client = fixture.CreateApiClient();

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task WorkerAnswersHealthOverHttp()
    {
        using var client = fixture.App.CreateHttpClient(ResourceNames.Worker, "http");

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheApiHasMigratedTheSchema()
    {
        await using var connection = new NpgsqlConnection(fixture.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection);
        var tables = new List<string>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Equal("coursecove", connection.Database);
        Assert.Superset(new HashSet<string> { "users", "organizations", "organization_memberships", "webhook_events" }, tables.ToHashSet());
    }

    [Fact]
    public void TheApiRunsWithTheConfiguredSecretsRatherThanGeneratedOnes()
    {
        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState(ResourceNames.Api, out var api));

        // The environment the api process was started with, as the dashboard shows it.
        var environment = api.Snapshot.EnvironmentVariables.ToDictionary(e => e.Name, e => e.Value);

        Assert.Equal(fixture.SigningSecret, environment["Clerk__WebhookSigningSecret"]);
        Assert.Equal(fixture.AdminApiKey, environment["Admin__ApiKey"]);
    }
}
