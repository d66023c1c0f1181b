using System.Text.Json.Serialization;
using CourseCove.Sync.Processing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CourseCove.Api.Admin;

/// <summary><c>POST /api/webhooks/replay</c>: re-drive dead-lettered events, all or filtered.</summary>
internal static class ReplayEndpoints
{
    /// <summary>Which failed events to replay; every filter is optional and they combine with AND.</summary>
    public sealed record ReplayRequest(
        [property: JsonPropertyName("webhook_ids")] IReadOnlyList<string>? WebhookIds,
        [property: JsonPropertyName("event_type")] string? EventType,
        DateTimeOffset? From,
        DateTimeOffset? To);

    /// <param name="WithoutBody">Matching failed events left failed: their body was removed by the retention pass.</param>
    /// <param name="Reason">Why some could not be replayed; null when all were.</param>
    public sealed record ReplayAnswer(
        int Replayed,
        [property: JsonPropertyName("without_body")] int WithoutBody,
        string? Reason);

    public static RouteGroupBuilder MapReplay(this RouteGroupBuilder admin)
    {
        admin.MapPost("/replay", ReplayAsync);
        return admin;
    }

    private static async Task<Results<Ok<ReplayAnswer>, ValidationProblem>> ReplayAsync(
        ReplayRequest? request, WebhookEventLog eventLog, CancellationToken ct)
    {
        request ??= new ReplayRequest(null, null, null, null);
        if (request.From > request.To)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["'from' is after 'to'."] });
        }

        // Pending and due now: the Worker's scheduler puts them back on the stream within a second.
        var result = await eventLog.ReplayAsync(new ReplayFilter(request.WebhookIds, request.EventType, request.From, request.To), ct);
        return TypedResults.Ok(new ReplayAnswer(result.Replayed, result.WithoutBody, result.WithoutBody == 0 ? null :
            $"{result.WithoutBody} matching failed events have no body any more (removed after Retention:EventPayloads, or "
            + "with a deleted user's data) and stay failed; Clerk's dashboard Replay of their svix-id sends the body again."));
    }
}
