using System.Text.Json.Serialization;
using CourseCove.Sync.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

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

    public sealed record ReplayAnswer(int Replayed);

    public static RouteGroupBuilder MapReplay(this RouteGroupBuilder admin)
    {
        admin.MapPost("/replay", ReplayAsync);
        return admin;
    }

    private static async Task<Results<Ok<ReplayAnswer>, ValidationProblem>> ReplayAsync(
        ReplayRequest? request, SyncDbContext db, CancellationToken ct)
    {
        request ??= new ReplayRequest(null, null, null, null);
        if (request.From > request.To)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["'from' is after 'to'."] });
        }

        var failed = db.WebhookEvents.Where(e => e.Status == WebhookEvent.Failed);
        if (request.WebhookIds is { Count: > 0 } ids) failed = failed.Where(e => ids.Contains(e.WebhookId));
        if (request.EventType is { } type) failed = failed.Where(e => e.EventType == type);
        if (request.From is { } from) failed = failed.Where(e => e.CreatedAt >= from);
        if (request.To is { } to) failed = failed.Where(e => e.CreatedAt <= to);

        // Pending and due now: the Worker's scheduler puts them back on the stream within a second.
        var replayed = await failed.ExecuteUpdateAsync(set => set
            .SetProperty(e => e.Status, WebhookEvent.Pending)
            .SetProperty(e => e.Attempts, 0)
            .SetProperty(e => e.LastError, (string?)null)
            .SetProperty(e => e.WaitingFor, (string[]?)null)
            .SetProperty(e => e.NextAttemptAt, DateTimeOffset.UtcNow)
            .SetProperty(e => e.UpdatedAt, DateTimeOffset.UtcNow), ct);
        return TypedResults.Ok(new ReplayAnswer(replayed));
    }
}
