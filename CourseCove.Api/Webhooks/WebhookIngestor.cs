using System.Diagnostics;
using CourseCove.Sync.Data;
using CourseCove.Sync.Events;
using CourseCove.Sync.Processing;
using CourseCove.Sync.Streaming;
using CourseCove.Sync.Telemetry;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CourseCove.Api.Webhooks;

/// <summary>
/// The hybrid path for one verified event: try to finish it here within the budget; otherwise record it and hand it
/// to the Worker. Returns the outcome only once the event is durably stored somewhere (else throws).
/// </summary>
public sealed partial class WebhookIngestor(
    EventProcessor processor,
    WebhookEventLog eventLog,
    WebhookQueue queue,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookIngestor> logger)
{
    private readonly ResiliencePipeline<ProcessingResult> _fastPath = BuildFastPath(options.Value);

    public async Task<string> IngestAsync(ReceivedWebhook webhook, ClerkEvent evt, CancellationToken requestAborted)
    {
        var started = Stopwatch.GetTimestamp();
        ProcessingResult? result = null;
        string? gaveUpBecause = null;
        try
        {
            result = await _fastPath.ExecuteAsync(
                async ct => await processor.ProcessAsync(webhook, evt, ProcessingPath.FastPath, redriveFailed: true, ct), requestAborted);
        }
        catch (TimeoutRejectedException) when (!requestAborted.IsCancellationRequested)
        {
            // Its work was cancelled and rolled back: the Worker takes over.
            gaveUpBecause = $"The fast path's budget ({options.Value.FastPathBudget.TotalMilliseconds:0} ms) ran out.";
            LogFastPathTimedOut(logger, webhook.EventType, webhook.WebhookId);
        }
        catch (Exception ex) when (!requestAborted.IsCancellationRequested)
        {
            // PostgreSQL refused or failed it: the Worker takes over, with its own retries and dead-lettering.
            gaveUpBecause = $"Fast path: {ex.GetType().Name}: {ex.Message}";
            LogFastPathFailed(logger, ex, webhook.EventType, webhook.WebhookId);
        }
        finally
        {
            SyncTelemetry.FastPathDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }

        switch (result?.Status)
        {
            case ProcessingStatus.Completed:
                SyncTelemetry.RecordConsistency(webhook.ReceivedAt, ProcessingPath.FastPath, clock);
                await queue.TryAnnounceStoredAsync(result.Outcome.SettledDependencies);
                return WebhookOutcome.FastPath;
            case ProcessingStatus.Duplicate:
                return WebhookOutcome.Duplicate;
            default:
                return await HandOffAsync(webhook, result?.Outcome.MissingDependencies ?? [], gaveUpBecause, requestAborted);
        }
    }

    /// <summary>
    /// Records the event for the Worker (PostgreSQL, else the whole event on Redis) and returns only once it is stored
    /// durably somewhere. Throws when neither could take it, or when PostgreSQL answered with an error while
    /// recording (a server that refuses to store is not an outage to route around): the caller answers 503.
    /// </summary>
    private async Task<string> HandOffAsync(ReceivedWebhook webhook, IReadOnlyList<string> waitingFor, string? reason, CancellationToken requestAborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        timeout.CancelAfter(options.Value.HandOffTimeout);
        var recorded = false;
        try
        {
            // PostgreSQL first: it is the source of truth, and outbox recovery re-enqueues what Redis loses. A delivery
            // from Clerk of a dead-lettered svix-id (its Replay) makes it pending again.
            if (await eventLog.HandOffAsync(webhook, waitingFor, reason, redriveFailed: true, timeout.Token))
            {
                return WebhookOutcome.Duplicate;
            }

            recorded = true;
        }
        catch (Exception ex) when ((DatabaseErrors.IsUnreachable(ex) || ex is OperationCanceledException) && !requestAborted.IsCancellationRequested)
        {
            LogPostgresUnavailable(logger, ex, webhook.EventType, webhook.WebhookId);
        }

        try
        {
            // StackExchange.Redis takes no CancellationToken: bound the wait instead.
            await queue.EnqueueAsync(webhook, recorded).WaitAsync(options.Value.HandOffTimeout, requestAborted);
        }
        catch (Exception ex) when (recorded && !requestAborted.IsCancellationRequested)
        {
            // Stored in PostgreSQL: the Worker's outbox recovery finds it there.
            LogRedisUnavailable(logger, ex, webhook.EventType, webhook.WebhookId);
        }

        return WebhookOutcome.Queued;
    }

    private static ResiliencePipeline<ProcessingResult> BuildFastPath(WebhookOptions options) =>
        new ResiliencePipelineBuilder<ProcessingResult>()
            .AddTimeout(options.FastPathBudget)
            .AddRetry(new RetryStrategyOptions<ProcessingResult>
            {
                // A membership often arrives before the user or organization it needs; so do transient faults.
                ShouldHandle = new PredicateBuilder<ProcessingResult>()
                    .HandleResult(r => r.Status == ProcessingStatus.Waiting)
                    .Handle<NpgsqlException>(ex => ex.IsTransient),
                MaxRetryAttempts = options.FastPathMaxRetries,
                Delay = options.FastPathRetryDelay,
                MaxDelay = TimeSpan.FromMilliseconds(100),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .Build();

    [LoggerMessage(LogLevel.Information, "Fast path ran out of budget for {EventType} {WebhookId}; handing it to the Worker")]
    private static partial void LogFastPathTimedOut(ILogger logger, string eventType, string webhookId);

    [LoggerMessage(LogLevel.Warning, "Fast path failed for {EventType} {WebhookId}; handing it to the Worker")]
    private static partial void LogFastPathFailed(ILogger logger, Exception exception, string eventType, string webhookId);

    [LoggerMessage(LogLevel.Warning, "PostgreSQL unreachable for {EventType} {WebhookId}; sending the whole event through Redis")]
    private static partial void LogPostgresUnavailable(ILogger logger, Exception exception, string eventType, string webhookId);

    [LoggerMessage(LogLevel.Warning, "Redis unavailable for {EventType} {WebhookId}; recorded in PostgreSQL for outbox recovery")]
    private static partial void LogRedisUnavailable(ILogger logger, Exception exception, string eventType, string webhookId);
}
