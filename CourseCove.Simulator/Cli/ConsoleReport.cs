using System.Globalization;
using CourseCove.Simulator.Delivery;
using CourseCove.Simulator.History;
using CourseCove.Simulator.Truth;
using CourseCove.Simulator.Verification;
using Spectre.Console;

namespace CourseCove.Simulator.Cli;

/// <summary>The tables the command line prints.</summary>
internal static class ConsoleReport
{
    public static void History(ClerkHistory history, TruthModel model, SimulatorSettings settings)
    {
        var delivery = settings.Delivery;
        var types = string.Join(", ", history.CountByType().Select(t => $"{t.Key} {t.Value}"));
        var users = model.Users.Values;
        Line("History", $"seed {settings.History.Seed}: {history.Count} events ({types})");
        Line("Truth", $"{users.Count(u => !u.IsDeleted)} active users, {users.Count(u => u.IsDeleted)} deleted, "
            + $"{model.Organizations.Count} organizations, {model.Memberships.Count} memberships");
        Line("Delivery", $"to {delivery.Target}: order {delivery.Order}, concurrency {delivery.Concurrency}, "
            + $"duplicates {delivery.DuplicateShare:P0}, time scale {delivery.TimeScale}{(delivery.Race ? ", race" : "")}"
            + (delivery.Rate is { } rate ? $", {rate}/s for {settings.Duration}" : ""));
    }

    private static void Line(string heading, string text) =>
        AnsiConsole.MarkupLine($"[bold]{heading}[/] {Markup.Escape(text)}");

    public static void Delivery(DeliveryReport report, ConsistencyResult? consistency)
    {
        var latency = report.Latency;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Metric").AddColumn(new TableColumn("Value").RightAligned());
        Row(table, "Events", $"{report.Events}");
        Row(table, "Deliveries (repeats)", $"{report.Deliveries.Count} ({report.Duplicates})");
        Row(table, "Attempts (deliveries retried)", $"{report.Attempts} ({report.Retried})");
        Row(table, "Status codes", string.Join(", ", report.StatusCounts.Select(s => $"{(s.Key == 0 ? "no response" : s.Key)}: {s.Value}")));
        Row(table, "Latency p50 / p95 / p99 / max", $"{Ms(latency.P50)} / {Ms(latency.P95)} / {Ms(latency.P99)} / {Ms(latency.Max)}");
        Row(table, "Elapsed", Ms(report.Elapsed));
        Row(table, "Deliveries/s", report.DeliveriesPerSecond.ToString("F1", CultureInfo.InvariantCulture));
        Row(table, "Events without a 2xx", $"{report.UndeliveredEventIds.Count}");
        if (consistency is not null)
        {
            Row(table, "Time to consistency", consistency.IsConsistent
                ? $"{Ms(consistency.Elapsed)} after the last delivery"
                : $"not consistent after {Ms(consistency.Elapsed)}");
        }

        AnsiConsole.Write(table);
    }

    public static void Differences(IReadOnlyList<string> differences, int max)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]{differences.Count} difference(s)[/] from Clerk's truth:");
        foreach (var difference in differences.Take(max))
        {
            AnsiConsole.MarkupLineInterpolated($"  - {difference}");
        }

        if (differences.Count > max)
        {
            AnsiConsole.MarkupLineInterpolated($"  ... and {differences.Count - max} more");
        }
    }

    private static void Row(Table table, string metric, string value) =>
        table.AddRow(new Text(metric), new Text(value));

    private static string Ms(TimeSpan span) => span.TotalMilliseconds < 10_000
        ? span.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) + " ms"
        : span.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";
}
