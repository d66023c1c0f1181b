extern alias AppHost;

using AppHost::CourseCove.AppHost.Operations;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using CourseCove.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace CourseCove.Tests.Infrastructure;

/// <summary>The dashboard as the control room: the api's commands and the simulator resource, run as a developer would.</summary>
[Collection(AppHostCollection.Name)]
public sealed class DashboardCommandTests(AppHostFixture fixture)
{
    private ResourceCommandService Commands => fixture.App.Services.GetRequiredService<ResourceCommandService>();

    [Theory]
    [InlineData(OperationsCommands.ShowStats)]
    [InlineData(OperationsCommands.ReplayFailed)]
    public async Task ApiCommandCallsTheAdminEndpointWithTheGeneratedKey(string command)
    {
        var result = await Commands.ExecuteCommandAsync(ResourceNames.Api, command);

        // A wrong or missing key would make the endpoint answer 401, and the command fail.
        Assert.True(result.Success, result.Message);
    }

    [Fact]
    public async Task SimulatorStartedFromTheDashboardSendsASampleHistoryThatConverges()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState(ResourceNames.Simulator, out var before));
        Assert.Equal(KnownResourceStates.NotStarted, before.Snapshot.State?.Text);

        var started = await Commands.ExecuteCommandAsync(ResourceNames.Simulator, KnownResourceCommands.StartCommand, timeout.Token);
        Assert.True(started.Success, started.Message);

        // The simulator exits 0 only when every event got a 2xx and PostgreSQL matches the history it sent.
        var finished = await fixture.App.ResourceNotifications.WaitForResourceAsync(ResourceNames.Simulator,
            e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), timeout.Token);
        Assert.Equal(0, finished.Snapshot.ExitCode);
    }
}
