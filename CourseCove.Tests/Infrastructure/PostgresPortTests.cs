extern alias AppHost;

using AppHost::CourseCove.AppHost.Infrastructure;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CourseCove.Sync;

namespace CourseCove.Tests.Infrastructure;

/// <summary>PostgreSQL on a port a shell command can rely on (the README's simulator run), in either mode.</summary>
public sealed class PostgresPortTests
{
    [Theory]
    [InlineData("containers", null, InfrastructureSettings.DefaultPostgresPort)]
    [InlineData("local", null, InfrastructureSettings.DefaultPostgresPort)]
    [InlineData("local", "25432", 25432)]
    public async Task PostgresListensOnTheConfiguredPort(string mode, string? configured, int expected)
    {
        string[] args = [$"--CourseCove:Infrastructure={mode}", .. configured is null ? [] : new[] { $"--{InfrastructureSettings.PostgresPortKey}={configured}" }];
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.CourseCove_AppHost>(args);

        var endpoint = Assert.Single(builder.Resources.Single(r => r.Name == ResourceNames.Postgres).Annotations.OfType<EndpointAnnotation>());

        Assert.Equal(expected, endpoint.Port);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("70000")]
    [InlineData("five")]
    public async Task AnInvalidPortStopsTheAppHostNamingTheSetting(string configured)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.CourseCove_AppHost>(
                [$"--{InfrastructureSettings.PostgresPortKey}={configured}"]));

        Assert.Contains(InfrastructureSettings.PostgresPortKey, error.Message);
    }
}
