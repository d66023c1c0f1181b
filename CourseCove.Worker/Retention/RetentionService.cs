using System.Diagnostics;
using CourseCove.Sync.Telemetry;
using CourseCove.Worker.Processing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CourseCove.Worker.Retention;

/// <summary>
/// Runs a retention pass when the Worker starts and every <c>Retention:Interval</c>, under the retention lease: with
/// several Workers, one of them runs it and the others skip that round.
/// </summary>
public sealed partial class RetentionService(
    RetentionPass pass, NpgsqlDataSource dataSource, IOptions<RetentionOptions> options, ILogger<RetentionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        do
        {
            try
            {
                await RunPassAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // What was committed stays; the next pass takes up the rest.
                LogPassFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RunPassAsync(CancellationToken ct)
    {
        await using var lease = await WorkerLease.TryAcquireAsync(dataSource, WorkerLease.Retention, ct);
        if (lease is null)
        {
            LogHeldElsewhere(logger);
            return;
        }

        using var activity = SyncTelemetry.Source.StartActivity("retention");
        var started = Stopwatch.GetTimestamp();
        var tally = await pass.RunAsync(ct);
        activity?.SetTag("coursecove.retention.users", tally.Users);
        activity?.SetTag("coursecove.retention.payloads", tally.Payloads);
        activity?.SetTag("coursecove.retention.tombstones", tally.Tombstones);
        LogPass(logger, Stopwatch.GetElapsedTime(started).TotalSeconds, tally.Working.TotalSeconds, tally.Users, tally.Payloads,
            tally.Pruned, tally.Erased, tally.Tombstones, tally.Read);
    }

    [LoggerMessage(LogLevel.Information,
        "Retention pass in {Seconds:0.0} s ({WorkingSeconds:0.0} s working): erased {Users} deleted users, removed {Payloads} bodies ({Pruned} for age, {Erased} of erased users), dropped {Tombstones} tombstones; read {Read} bodies for their user")]
    private static partial void LogPass(ILogger logger, double seconds, double workingSeconds, int users, int payloads, int pruned,
        int erased, int tombstones, int read);

    [LoggerMessage(LogLevel.Debug, "Retention pass skipped: another Worker holds the retention lease")]
    private static partial void LogHeldElsewhere(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Retention pass failed; the next one carries on")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
