using System.Text.Json.Serialization;
using CourseCove.Sync.Data;
using CourseCove.Sync.Processing;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace CourseCove.Api.Admin;

/// <summary><c>GET /api/webhooks/stats?hours=24</c>: how events were processed in a window (the original design's monitoring SQL).</summary>
internal static class StatsEndpoints
{
    private const int MaxHours = 24 * 366;
    private const string Completed = WebhookEvent.Completed;

    public sealed record PathStats(long Count, double Percentage);

    public sealed record WebhookStats(
        [property: JsonPropertyName("window_hours")] int WindowHours,
        long Total,
        IReadOnlyDictionary<string, PathStats> Paths,
        [property: JsonPropertyName("p50_ms")] double? P50Ms,
        [property: JsonPropertyName("p95_ms")] double? P95Ms);

    public static RouteGroupBuilder MapStats(this RouteGroupBuilder admin)
    {
        admin.MapGet("/stats", GetStatsAsync);
        return admin;
    }

    private static async Task<Results<Ok<WebhookStats>, ValidationProblem>> GetStatsAsync(
        NpgsqlDataSource db, CancellationToken ct, int hours = 24)
    {
        if (hours is < 1 or > MaxHours)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["hours"] = [$"'hours' must be between 1 and {MaxHours}."] });
        }

        // Which side completed each event is recorded (completed_by), not guessed from timestamps.
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var query = connection.Command($"""
            SELECT count(*),
                   count(*) FILTER (WHERE status = '{Completed}' AND completed_by = '{ProcessingPath.FastPath}'),
                   count(*) FILTER (WHERE status = '{Completed}' AND completed_by IS DISTINCT FROM '{ProcessingPath.FastPath}'),
                   count(*) FILTER (WHERE status = '{WebhookEvent.Failed}'),
                   count(*) FILTER (WHERE status = '{WebhookEvent.Pending}'),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - created_at) * 1000)
                       FILTER (WHERE status = '{Completed}'),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - created_at) * 1000)
                       FILTER (WHERE status = '{Completed}')
            FROM webhook_events
            WHERE created_at >= now() - make_interval(hours => $1)
            """, hours);
        await using var row = await query.ExecuteReaderAsync(ct);
        await row.ReadAsync(ct);

        var total = row.GetInt64(0);
        PathStats Share(int column) => new(row.GetInt64(column), total == 0 ? 0 : Math.Round(100.0 * row.GetInt64(column) / total, 1));
        double? Millis(int column) => row.IsDBNull(column) ? null : Math.Round(row.GetDouble(column), 1);
        return TypedResults.Ok(new WebhookStats(hours, total,
            new Dictionary<string, PathStats>
            {
                ["fast_path"] = Share(1),
                ["slow_path"] = Share(2),
                ["failed"] = Share(3),
                ["pending"] = Share(4),
            },
            Millis(5),
            Millis(6)));
    }
}
