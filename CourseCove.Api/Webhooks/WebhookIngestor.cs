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

namespace CourseCove.Api.Webhooks;

/// <summary>
/// The hybrid path for one verified event: try to finish it here within the budget; otherwise record it and hand it
/// to the Worker. Returns the outcome only once the event is durably stored somewhere (else throws).
/// </summary>
public sealed partial class WebhookIngestor(
    EventProcessor processor,
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
        try
        {
            result = await _fastPath.ExecuteAsync(
                async ct => await processor.ProcessAsync(webhook, evt, ProcessingPath.FastPath, redriveFailed: true, ct), requestAborted);
        }
        catch (Exception ex) when (!requestAborted.IsCancellationRequested)
        {
            // The budget ran out (its work was cancelled and rolled back) or processing failed: the Worker takes over,
            // with its own retries and dead-lettering.
            LogFastPathGaveUp(logger, webhook.EventType, webhook.WebhookId, ex.GetType().Name);
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
                return await HandOffAsync(webhook, result?.Outcome.MissingDependencies ?? [], requestAborted);
        }
    }

    private async Task<string> HandOffAsync(ReceivedWebhook webhook, IReadOnlyList<string> waitingFor, CancellationToken requestAborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        timeout.CancelAfter(options.Value.HandOffTimeout);
        var recorded = false;
        try
        {
            // PostgreSQL first: it is the source of truth, and outbox recovery re-enqueues what Redis loses.
            if (await processor.RecordPendingAsync(webhook, waitingFor, timeout.Token))
            {
                return WebhookOutcome.Duplicate;
            }

            recorded = true;
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException && !requestAborted.IsCancellationRequested)
        {
            LogPostgresUnavailable(logger, webhook.EventType, webhook.WebhookId, ex.GetType().Name);
        }

        try
        {
            // StackExchange.Redis takes no CancellationToken: bound the wait instead.
            await queue.EnqueueAsync(webhook, recorded).WaitAsync(options.Value.HandOffTimeout, requestAborted);
        }
        catch (Exception ex) when (recorded && !requestAborted.IsCancellationRequested)
        {
            // Stored in PostgreSQL: the Worker's outbox recovery finds it there.
            LogRedisUnavailable(logger, webhook.EventType, webhook.WebhookId, ex.GetType().Name);
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

    [LoggerMessage(LogLevel.Information, "Fast path handed {EventType} {WebhookId} to the Worker ({Reason})")]
    private static partial void LogFastPathGaveUp(ILogger logger, string eventType, string webhookId, string reason);

    [LoggerMessage(LogLevel.Warning, "PostgreSQL unavailable for {EventType} {WebhookId} ({Reason}); sending the whole event through Redis")]
    private static partial void LogPostgresUnavailable(ILogger logger, string eventType, string webhookId, string reason);

    [LoggerMessage(LogLevel.Warning, "Redis unavailable for {EventType} {WebhookId} ({Reason}); recorded in PostgreSQL for outbox recovery")]
    private static partial void LogRedisUnavailable(ILogger logger, string eventType, string webhookId, string reason);
}
