extern alias AppHost;

using AppHost::CourseCove.AppHost.Operations;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CourseCove.Sync;

namespace CourseCove.Tests.Reconciliation;

/// <summary>The AppHost's Clerk wiring, checked on the application model: nothing starts.</summary>
public sealed class ClerkWiringModelTests
{
    private static Task<IDistributedApplicationTestingBuilder> AppHostAsync(params string[] args) =>
        DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.CourseCove_AppHost>(
            ["--CourseCove:Infrastructure=containers", .. args]);

    [Fact]
    public async Task WithoutARealKeyTheSimulatorPlaysClerkForTheServices()
    {
        await using var builder = await AppHostAsync();

        var clerk = Assert.IsType<ProjectResource>(builder.Resources.Single(r => r.Name == ResourceNames.Clerk));
        foreach (var service in new[] { ResourceNames.Api, ResourceNames.Worker })
        {
            var waits = builder.Resources.Single(r => r.Name == service).Annotations.OfType<WaitAnnotation>();
            Assert.Contains(waits, w => w.Resource == clerk);
        }
    }

    [Fact]
    public async Task WithARealKeyNothingPlaysClerk()
    {
        await using var builder = await AppHostAsync("--Parameters:clerk-secret-key=sk_live_configured");

        Assert.DoesNotContain(builder.Resources, r => r.Name == ResourceNames.Clerk);
    }

    [Fact]
    public async Task TheApiOffersReconcileWithClerkInTheDashboard()
    {
        await using var builder = await AppHostAsync();

        var api = builder.Resources.Single(r => r.Name == ResourceNames.Api);
        var command = Assert.Single(api.Annotations.OfType<ResourceCommandAnnotation>(), c => c.Name == OperationsCommands.Reconcile);
        Assert.Equal("Reconcile with Clerk", command.DisplayName);
    }
}
