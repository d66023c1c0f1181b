using System.Globalization;
using System.Text.Json;

namespace CourseCove.AppHost.Monitoring;

/// <summary>One reading of <c>GET /api/webhooks/stats?hours=1</c>: how the last hour's webhook events were processed.</summary>
internal sealed record SyncStats(long Total, double FastPathPercentage, long Pending, long Failed)
{
    public const int WindowHours = 1;

    public static SyncStats Parse(JsonElement json)
    {
        var paths = json.GetProperty("paths");
        return new(
            json.GetProperty("total").GetInt64(),
            paths.GetProperty("fast_path").GetProperty("percentage").GetDouble(),
            paths.GetProperty("pending").GetProperty("count").GetInt64(),
            paths.GetProperty("failed").GetProperty("count").GetInt64());
    }

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"Last hour: {Failed} failed, {Pending} pending, {FastPathPercentage:0.0} % fast path of {Total} events");

    /// <summary>The reading as dashboard properties of the api resource.</summary>
    public IEnumerable<(string Name, object Value)> Properties() =>
    [
        (SyncHealthProperties.FastPath, Total == 0 ? "no events" : FastPathPercentage.ToString("0.0 '%'", CultureInfo.InvariantCulture)),
        (SyncHealthProperties.Pending, Pending),
        (SyncHealthProperties.Failed, Failed),
        (SyncHealthProperties.Events, Total),
    ];
}

/// <summary>Names of the sync-health properties on the api resource (the dashboard shows them in the details pane).</summary>
internal static class SyncHealthProperties
{
    public const string FastPath = "sync.fast_path_share (1 h)";
    public const string Pending = "sync.pending (1 h)";
    public const string Failed = "sync.failed (1 h)";
    public const string Events = "sync.events (1 h)";
    public const string Status = "sync.status";

    public static readonly string[] All = [FastPath, Pending, Failed, Events, Status];
}
