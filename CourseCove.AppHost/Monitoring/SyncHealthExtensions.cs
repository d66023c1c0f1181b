using CourseCove.AppHost.Scaling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace CourseCove.AppHost.Monitoring;

/// <summary>
/// The Resources page as the sync's health panel: the api resource shows the last hour's fast-path share, pending and
/// failed events, and is Degraded while failed events exist.
/// </summary>
internal static class SyncHealthExtensions
{
    public const string HealthCheckName = "sync";

    public static IResourceBuilder<ProjectResource> WithSyncHealth(
        this IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> adminApiKey)
    {
        if (!api.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return api;
        }

        var services = api.ApplicationBuilder.Services;
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<SyncHealthMonitor>(sp, api.Resource, adminApiKey.Resource));
        services.AddHostedService(sp => sp.GetRequiredService<SyncHealthMonitor>());
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            HealthCheckName, sp => sp.GetRequiredService<SyncHealthMonitor>(), HealthStatus.Unhealthy, tags: null));
        return api.WithHealthCheck(HealthCheckName);
    }

    /// <summary>
    /// Like <c>WaitFor(api)</c>, but waits only for the api's own health checks (it serves, so it has migrated the
    /// schema), not for the sync signal: a Degraded sync must not keep the Worker, which is what clears it, from
    /// starting or restarting.
    /// </summary>
    public static IResourceBuilder<T> WaitForServing<T>(this IResourceBuilder<T> resource, IResourceBuilder<ProjectResource> api)
        where T : IResource
    {
        return resource
            .WithRelationship(api.Resource, "WaitFor")
            .OnBeforeResourceStarted(async (waiting, e, ct) =>
            {
                var own = api.Resource.Annotations.OfType<HealthCheckAnnotation>()
                    .Select(a => a.Key).Where(key => key != HealthCheckName).ToHashSet();
                e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(waiting)
                    .LogInformation("Waiting for resource '{ResourceName}' to serve (its health checks but the sync signal).", api.Resource.Name);
                // Every replica, as WaitFor does: the simulator's requests reach any of them through the api's proxy.
                await e.Services.GetRequiredService<ResourceNotificationService>().WaitForAllReplicasAsync(api.Resource, snapshot =>
                    snapshot.State?.Text == KnownResourceStates.Running
                    && own.All(key => snapshot.HealthReports.Any(r => r.Name == key && r.Status == HealthStatus.Healthy)), ct);
            });
    }
}
