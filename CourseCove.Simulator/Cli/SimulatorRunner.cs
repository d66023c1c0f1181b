using CourseCove.Simulator.Delivery;
using CourseCove.Simulator.History;
using CourseCove.Simulator.Truth;
using CourseCove.Simulator.Verification;
using Spectre.Console;

namespace CourseCove.Simulator.Cli;

/// <summary>One run of the command line: generate, deliver with a live progress display, report, verify.</summary>
internal static class SimulatorRunner
{
    private const int MaxDifferencesShown = 50;

    public static async Task<int> RunAsync(SimulatorSettings settings, CancellationToken ct)
    {
        var history = settings.Duration is { } duration && settings.Delivery.Rate is { } rate
            // Enough events that the steady rate lasts the duration, repeats included.
            ? HistoryGenerator.GenerateAtLeast(settings.History,
                (int)Math.Ceiling(rate * duration.TotalSeconds / (1 + settings.Delivery.DuplicateShare)))
            : HistoryGenerator.Generate(settings.History);
        var model = TruthModel.From(history);
        ConsoleReport.History(history, model, settings);
        if (settings.HandOffRedis is { } redis)
        {
            return await HandOffRunner.RunAsync(history, settings.VerifyConnectionString!, redis, settings.Delivery.Concurrency, ct);
        }

        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var deliverer = new SvixDeliverer(client);
        var plan = settings.VerifyOnly ? [] : DeliveryPlanner.Plan(history, settings.Delivery);
        var report = await DeliverWithProgressAsync(deliverer, plan, settings.Delivery, ct);

        ConsistencyResult? consistency = null;
        if (settings.VerifyConnectionString is { } connectionString)
        {
            var verifier = new DatabaseVerifier(connectionString, history, model);
            consistency = await AnsiConsole.Status().StartAsync("Waiting for PostgreSQL to match Clerk's truth...",
                _ => verifier.WaitForConsistencyAsync(settings.ConsistencyTimeout, cancellationToken: ct));
        }

        ConsoleReport.Delivery(report, consistency);
        if (consistency is { IsConsistent: false })
        {
            ConsoleReport.Differences(consistency.Differences, MaxDifferencesShown);
        }

        var undelivered = report.UndeliveredEventIds.Count;
        var ok = undelivered == 0 && consistency is null or { IsConsistent: true };
        AnsiConsole.MarkupLine(ok
            ? "[green]OK[/]"
            : $"[red]FAILED[/]: {undelivered} event(s) without a 2xx, {consistency?.Differences.Count ?? 0} difference(s)");
        return ok ? 0 : 1;
    }

    private static Task<DeliveryReport> DeliverWithProgressAsync(
        SvixDeliverer deliverer, IReadOnlyList<PlannedDelivery> plan, DeliveryOptions options, CancellationToken ct) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Delivering", maxValue: Math.Max(plan.Count, 1));
                var progress = new LiveProgress(task);
                var report = await deliverer.DeliverAsync(plan, options, progress, ct);
                task.Value = task.MaxValue;
                return report;
            });

    /// <summary>Reports arrive from every sender; the display only ever moves forward.</summary>
    private sealed class LiveProgress(ProgressTask task) : IProgress<DeliveryProgress>
    {
        private readonly Lock _gate = new();
        private int _finished;

        public void Report(DeliveryProgress value)
        {
            lock (_gate)
            {
                if (value.Finished < _finished)
                {
                    return;
                }

                _finished = value.Finished;
                task.Value = value.Finished;
                task.Description = $"Delivered {value.Delivered}/{value.Deliveries}, {value.Attempts} attempts, "
                    + $"{value.FailedAttempts} failed" + (value.GaveUp > 0 ? $", {value.GaveUp} given up" : "");
            }
        }
    }
}
