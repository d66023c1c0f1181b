using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace CourseCove.AppHost.Operations;

/// <summary>
/// The dashboard as the control room: commands on the api resource that call the admin endpoints with the
/// generated admin key, and the simulator that sends a sample Clerk history on request.
/// </summary>
public static class OperationsCommands
{
    public const string ReplayFailed = "replay-failed-events";
    public const string ShowStats = "show-webhook-stats";
    public const string Reconcile = "reconcile-with-clerk";

    public static IResourceBuilder<ProjectResource> WithOperationsCommands(
        this IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> adminApiKey)
    {
        async Task Authorize(HttpCommandRequestContext context) =>
            context.Request.Headers.Authorization =
                new AuthenticationHeaderValue("Bearer", await adminApiKey.Resource.GetValueAsync(context.CancellationToken));

        return api
            .WithHttpCommand("/api/webhooks/replay", "Replay failed events", commandName: ReplayFailed, commandOptions: new HttpCommandOptions
            {
                Description = "Re-drive every dead-lettered webhook event (POST /api/webhooks/replay).",
                ConfirmationMessage = "Replay every failed webhook event?",
                IconName = "ArrowRepeatAll",
                PrepareRequest = async context =>
                {
                    await Authorize(context);
                    context.Request.Content = JsonContent.Create(new { });
                },
                ResultMode = HttpCommandResultMode.Json,
            })
            .WithHttpCommand("/api/webhooks/stats", "Show webhook stats", commandName: ShowStats, commandOptions: new HttpCommandOptions
            {
                Description = "How the last 24 hours of webhooks were processed (GET /api/webhooks/stats).",
                Method = HttpMethod.Get,
                IconName = "DataHistogram",
                IsHighlighted = true,
                PrepareRequest = Authorize,
                ResultMode = HttpCommandResultMode.Json,
            })
            .WithHttpCommand("/api/sync/reconcile", "Reconcile with Clerk", commandName: Reconcile, commandOptions: new HttpCommandOptions
            {
                Description = "Compare the database with Clerk's Backend API now and repair any drift (POST /api/sync/reconcile); "
                    + "the answer has the run id for GET /api/sync/reconcile/{id}.",
                IconName = "ArrowSync",
                PrepareRequest = Authorize,
                ResultMode = HttpCommandResultMode.Json,
            });
    }
}
