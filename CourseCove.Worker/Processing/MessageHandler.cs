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

namespace CourseCove.Worker.Processing;

/// <summary>
/// Processes one stream entry to a durable conclusion: completed, parked (waiting for a dependency), scheduled for a
/// retry, or dead-lettered. Returns whether the entry may be acknowledged; false only when PostgreSQL is unreachable,
/// so the entry stays pending in the group and is claimed again later.
/// </summary>
public sealed partial class MessageHandler(
    EventProcessor processor,
    WorkerEventStore store,
    WebhookQueue queue,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<MessageHandler> logger)
{
    // Deadlocks and dropped connections are retried at once, in process; anything else is a counted attempt.
    private static readonly ResiliencePipeline Transient = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>(ex => ex.IsTransient),
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromMilliseconds(50),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .AddTimeout(TimeSpan.FromSeconds(30))
        .Build();

    public async Task<bool> HandleAsync(StreamMessage message, CancellationToken ct)
    {
        var webhook = message.Webhook;
        using var activity = StartActivity(webhook);
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["WebhookId"] = webhook.WebhookId,
            ["EventType"] = webhook.EventType,
        });

        try
        {
            if (!ClerkEventParser.TryParse(webhook.Payload, out var evt, out var parseError))
            {
                // The Api only enqueues what parsed; a broken entry is made visible rather than retried forever.
                await EnsureRecordedAsync(message, [], ct);
                await store.DeadLetterAsync(webhook.WebhookId, $"Not a Clerk event: {parseError}", countAttempt: true, ct);
                Count(activity, "dead_lettered");
                return true;
            }

            ProcessingResult result;
            try
            {
                result = await Transient.ExecuteAsync(
                    async token => await processor.ProcessAsync(webhook, evt!, ProcessingPath.SlowPath, redriveFailed: false, token), ct);
            }
            catch (Exception ex) when (ex is not NpgsqlException { IsTransient: true } && !ct.IsCancellationRequested)
            {
                await EnsureRecordedAsync(message, [], ct);
                await RecordFailureAsync(webhook, ex, activity, ct);
                return true;
            }

            switch (result.Status)
            {
                case ProcessingStatus.Completed:
                    Count(activity, "completed");
                    SyncTelemetry.RecordConsistency(webhook.ReceivedAt, ProcessingPath.SlowPath, clock);
                    await queue.TryAnnounceStoredAsync(result.Outcome.SettledDependencies);
                    break;
                case ProcessingStatus.Duplicate:
                    activity?.SetTag("coursecove.worker.outcome", "duplicate");
                    break;
                case ProcessingStatus.Waiting:
                    await EnsureRecordedAsync(message, result.Outcome.MissingDependencies, ct);
                    await ParkAsync(webhook, result.Outcome.MissingDependencies, activity, ct);
                    break;
            }

            return true;
        }
        catch (NpgsqlException ex) when (!ct.IsCancellationRequested)
        {
            // PostgreSQL is unreachable: leave the entry unacknowledged; it is claimed again after the visibility timeout.
            LogPostgresUnavailable(logger, webhook.EventType, webhook.WebhookId, ex.Message);
            activity?.SetStatus(ActivityStatusCode.Error, "postgres unavailable");
            return false;
        }
    }

    private async Task ParkAsync(ReceivedWebhook webhook, IReadOnlyList<string> missing, Activity? activity, CancellationToken ct)
    {
        var waited = clock.GetUtcNow() - webhook.ReceivedAt;
        if (waited > options.Value.DependencyHorizon)
        {
            await store.DeadLetterAsync(webhook.WebhookId,
                $"Waited {waited:g} (Worker:DependencyHorizon) for {string.Join(", ", missing)}, which never arrived.", countAttempt: true, ct);
            LogDeadLettered(logger, webhook.EventType, webhook.WebhookId, "dependency horizon passed");
            Count(activity, "dead_lettered");
            return;
        }

        await store.ParkAsync(webhook.WebhookId, missing, options.Value.ParkedRecheck, ct);
        LogParked(logger, webhook.EventType, webhook.WebhookId, string.Join(", ", missing));
        Count(activity, "parked");
    }

    private async Task RecordFailureAsync(ReceivedWebhook webhook, Exception ex, Activity? activity, CancellationToken ct)
    {
        var error = $"{ex.GetType().Name}: {ex.Message}";
        activity?.AddException(ex);
        var attempts = await store.RecordFailureAsync(webhook.WebhookId, error, Backoff, ct);
        if (attempts >= options.Value.MaxAttempts)
        {
            await store.DeadLetterAsync(webhook.WebhookId, error, countAttempt: false, ct);
            LogDeadLettered(logger, webhook.EventType, webhook.WebhookId, error);
            Count(activity, "dead_lettered");
        }
        else
        {
            LogRetry(logger, webhook.EventType, webhook.WebhookId, attempts, error);
            Count(activity, "retry");
        }
    }

    /// <summary>Exponential back-off with full jitter: base × 2^(attempt-1), capped.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var o = options.Value;
        var ceiling = Math.Min(o.RetryMaxDelay.TotalMilliseconds, o.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }

    /// <summary>When PostgreSQL was down at receipt, the stream held the only copy: record it before parking or failing.</summary>
    private Task EnsureRecordedAsync(StreamMessage message, IReadOnlyList<string> waitingFor, CancellationToken ct) =>
        message.Recorded ? Task.CompletedTask : processor.RecordPendingAsync(message.Webhook, waitingFor, ct);

    private static Activity? StartActivity(ReceivedWebhook webhook)
    {
        // Continue the trace of the request that received the webhook.
        ActivityContext.TryParse(webhook.TraceParent, null, out var parent);
        var activity = SyncTelemetry.Source.StartActivity($"worker {webhook.EventType}", ActivityKind.Consumer, parent);
        activity?.SetTag("coursecove.webhook_id", webhook.WebhookId);
        activity?.SetTag("coursecove.event_type", webhook.EventType);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.destination.name", WebhookStream.Key);
        return activity;
    }

    private static void Count(Activity? activity, string outcome)
    {
        activity?.SetTag("coursecove.worker.outcome", outcome);
        SyncTelemetry.WorkerAttempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
    }

    [LoggerMessage(LogLevel.Information, "Parked {EventType} {WebhookId} waiting for {WaitingFor}")]
    private static partial void LogParked(ILogger logger, string eventType, string webhookId, string waitingFor);

    [LoggerMessage(LogLevel.Warning, "Attempt {Attempts} of {EventType} {WebhookId} failed: {Error}")]
    private static partial void LogRetry(ILogger logger, string eventType, string webhookId, int attempts, string error);

    [LoggerMessage(LogLevel.Error, "Dead-lettered {EventType} {WebhookId}: {Error}")]
    private static partial void LogDeadLettered(ILogger logger, string eventType, string webhookId, string error);

    [LoggerMessage(LogLevel.Warning, "PostgreSQL unavailable for {EventType} {WebhookId}: {Error}; left unacknowledged")]
    private static partial void LogPostgresUnavailable(ILogger logger, string eventType, string webhookId, string error);
}
