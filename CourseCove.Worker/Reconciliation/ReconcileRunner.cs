using System.Diagnostics;
using CourseCove.Sync.Reconciliation;
using CourseCove.Sync.Telemetry;

namespace CourseCove.Worker.Reconciliation;

/// <summary>Runs one claimed run to its end: the pass, its progress every few seconds (log and run row), the outcome.</summary>
public sealed partial class ReconcileRunner(ReconcilePass pass, ReconcileRunStore runs, ILogger<ReconcileRunner> logger)
{
    private static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan FinalWriteTimeout = TimeSpan.FromSeconds(10);

    public async Task RunAsync(ClaimedRun run, CancellationToken ct)
    {
        using var activity = SyncTelemetry.Source.StartActivity("reconcile");
        activity?.SetTag("coursecove.reconcile.run_id", run.Id.ToString());
        activity?.SetTag("coursecove.reconcile.source", run.Source);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ReconcileRunId"] = run.Id });
        LogStarted(logger, run.Id, run.Source);

        var progress = new ReconcileProgress();
        var started = Stopwatch.GetTimestamp();
        using var passOver = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reporting = ReportAsync(run.Id, progress, passOver.Token);
        string? error = null;
        try
        {
            await pass.RunAsync(progress, ct);
        }
        catch (Exception ex)
        {
            error = ct.IsCancellationRequested
                ? "The Worker stopped during the pass."
                : $"{ex.GetType().Name} while reading {progress.Phase}: {ex.Message}";
            activity?.AddException(ex);
        }
        finally
        {
            await passOver.CancelAsync();
            await reporting;
        }

        // The outcome is written even while the Worker stops; a run left running is failed by the next lease holder.
        using var timeout = new CancellationTokenSource(FinalWriteTimeout);
        var counters = progress.Counters;
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (error is null)
        {
            await runs.CompleteAsync(run.Id, counters, timeout.Token);
            LogCompleted(logger, run.Id, elapsed.TotalSeconds, counters.Fetched.Users, counters.Fetched.Organizations,
                counters.Fetched.Memberships, counters.Changed.Created, counters.Changed.Updated, counters.Changed.Deleted);
        }
        else
        {
            activity?.SetStatus(ActivityStatusCode.Error, error);
            await runs.FailAsync(run.Id, counters, error, timeout.Token);
            LogFailed(logger, run.Id, elapsed.TotalSeconds, error);
        }
    }

    private async Task ReportAsync(Guid runId, ReconcileProgress progress, CancellationToken passOver)
    {
        using var timer = new PeriodicTimer(ReportEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(passOver))
            {
                var counters = progress.Counters;
                LogProgress(logger, runId, progress.Phase, counters.Fetched.Users, counters.Fetched.Organizations,
                    counters.Fetched.Memberships, counters.Changed.Created, counters.Changed.Updated, counters.Changed.Deleted);
                await runs.ReportProgressAsync(runId, counters, passOver);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            // Progress is a courtesy: the pass goes on, and its outcome is written at the end.
            LogProgressFailed(logger, runId, ex.GetType().Name, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Information, "Reconciliation {RunId} started ({Source})")]
    private static partial void LogStarted(ILogger logger, Guid runId, string source);

    [LoggerMessage(LogLevel.Information,
        "Reconciliation {RunId}: {Phase}; fetched {Users} users, {Organizations} organizations, {Memberships} memberships; created {Created}, updated {Updated}, deleted {Deleted}")]
    private static partial void LogProgress(ILogger logger, Guid runId, string phase, long users, long organizations,
        long memberships, long created, long updated, long deleted);

    [LoggerMessage(LogLevel.Information,
        "Reconciliation {RunId} completed in {Seconds:0.0} s: fetched {Users} users, {Organizations} organizations, {Memberships} memberships; created {Created}, updated {Updated}, deleted {Deleted}")]
    private static partial void LogCompleted(ILogger logger, Guid runId, double seconds, long users, long organizations,
        long memberships, long created, long updated, long deleted);

    [LoggerMessage(LogLevel.Error, "Reconciliation {RunId} failed after {Seconds:0.0} s, nothing deleted after the failure: {Error}")]
    private static partial void LogFailed(ILogger logger, Guid runId, double seconds, string error);

    [LoggerMessage(LogLevel.Warning, "Could not record the progress of reconciliation {RunId} ({Type}): {Error}")]
    private static partial void LogProgressFailed(ILogger logger, Guid runId, string type, string error);
}
