extern alias AppHost;

using AppHost::CourseCove.AppHost.Scaling;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CourseCove.Sync;

namespace CourseCove.Tests.ScaleOut;

/// <summary>How many Api and Worker processes the AppHost runs, checked on the application model: nothing starts.</summary>
public sealed class ReplicaSettingsTests
{
    [Theory]
    [InlineData(null, null, 1, 1)]
    [InlineData("3", null, 3, 1)]
    [InlineData(null, "4", 1, 4)]
    [InlineData("2", "2", 2, 2)]
    public async Task TheApiAndTheWorkerRunAsManyReplicasAsConfigured(string? api, string? worker, int expectedApi, int expectedWorker)
    {
        string[] args =
        [
            "--CourseCove:Infrastructure=containers",
            .. api is null ? [] : new[] { $"--{ReplicaSettings.ApiKey}={api}" },
            .. worker is null ? [] : new[] { $"--{ReplicaSettings.WorkerKey}={worker}" },
        ];
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.CourseCove_AppHost>(args);

        Assert.Equal(expectedApi, builder.Resources.Single(r => r.Name == ResourceNames.Api).GetReplicaCount());
        Assert.Equal(expectedWorker, builder.Resources.Single(r => r.Name == ResourceNames.Worker).GetReplicaCount());
    }

    [Theory]
    [InlineData(ReplicaSettings.ApiKey, "0")]
    [InlineData(ReplicaSettings.WorkerKey, "17")]
    [InlineData(ReplicaSettings.WorkerKey, "two")]
    public async Task AnInvalidCountStopsTheAppHostNamingTheSetting(string key, string configured)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.CourseCove_AppHost>(
                ["--CourseCove:Infrastructure=containers", $"--{key}={configured}"]));

        Assert.Contains(key, error.Message);
    }
}
