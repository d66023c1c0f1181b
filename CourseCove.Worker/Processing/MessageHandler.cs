using System.Diagnostics;
using CourseCove.Sync.Clerk;
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
/// retry, or dead-lettered. Every status change goes through <see cref="WebhookEventLog"/>.
/// </summary>
public sealed partial class MessageHandler(
    EventProcessor processor,
    WebhookEventLog eventLog,
    WebhookQueue queue,
    ClerkDependencyFetcher clerk,
    IOptions<ClerkApiOptions> clerkOptions,
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

    private readonly WorkerOptions _options = options.Value;

    /// <param name="deliveries">How often the consumer group has delivered this entry, this time included.</param>
    public async Task<EntryOutcome> HandleAsync(StreamMessage message, long deliveries, CancellationToken ct)
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
            if (deliveries > _options.MaxDeliveries)
            {
                // It never reached a conclusion (it crashed or hung the Worker each time): stop trying, visibly.
                await DeadLetterAsync(webhook, activity,
                    $"Delivered {deliveries} times to the Worker without finishing (Worker:MaxDeliveries is {_options.MaxDeliveries}).", ct);
                return EntryOutcome.Concluded;
            }

            if (!ClerkEventParser.TryParse(webhook.Payload, out var evt, out var parseError))
            {
                // The Api only enqueues what parsed; an entry that does not is made visible rather than retried forever.
                await DeadLetterAsync(webhook, activity, $"Not a Clerk event: {parseError}", ct);
                return EntryOutcome.Concluded;
            }

            // An entry only Redis held (PostgreSQL was down at receipt) is Clerk's delivery itself and, like the fast
            // path, re-drives a dead-lettered svix-id; any other entry may be stale and never revives one.
            var fromClerk = !message.Recorded;
            ProcessingResult result;
            try
            {
                result = await ProcessAsync(webhook, evt!, fromClerk, ct);
                if (result.Status == ProcessingStatus.Waiting && DueForFetch(webhook)
                    && (await clerk.FetchAndApplyAsync(result.Outcome.MissingDependencies, ct)).Count > 0)
                {
                    // Fetch-on-wait: what it waited for came straight from Clerk; try again at once.
                    result = await ProcessAsync(webhook, evt!, fromClerk, ct);
                }
            }
            catch (Exception ex) when (!DatabaseErrors.IsUnreachable(ex) && !ct.IsCancellationRequested)
            {
                await EnsureRecordedAsync(message, [], ct);
                await RecordFailureAsync(webhook, ex, activity, ct);
                return EntryOutcome.Concluded;
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

            return EntryOutcome.Concluded;
        }
        catch (Exception ex) when (DatabaseErrors.IsUnreachable(ex) && !ct.IsCancellationRequested)
        {
            // Left unacknowledged; the consumer pauses until PostgreSQL answers, then reads its own pending entries again.
            LogPostgresUnreachable(logger, ex, webhook.EventType, webhook.WebhookId);
            activity?.SetStatus(ActivityStatusCode.Error, "postgres unreachable");
            return EntryOutcome.PostgresUnreachable;
        }
    }

    private Task<ProcessingResult> ProcessAsync(ReceivedWebhook webhook, ClerkEvent evt, bool fromClerk, CancellationToken ct) =>
        Transient.ExecuteAsync(
            async token => await processor.ProcessAsync(webhook, evt, ProcessingPath.SlowPath, fromClerk, token), ct).AsTask();

    /// <summary>Waited <c>Worker:FetchMissingAfter</c> since receipt, with Clerk's Backend API configured.</summary>
    private bool DueForFetch(ReceivedWebhook webhook) =>
        clerkOptions.Value.IsEnabled && clock.GetUtcNow() - webhook.ReceivedAt >= _options.FetchMissingAfter;

    private async Task ParkAsync(ReceivedWebhook webhook, IReadOnlyList<string> missing, Activity? activity, CancellationToken ct)
    {
        var waitingFor = string.Join(", ", missing);
        // Looked at again when the fetch from Clerk is due, if that comes before the usual re-check.
        var untilFetch = webhook.ReceivedAt + _options.FetchMissingAfter - clock.GetUtcNow();
        var recheck = clerkOptions.Value.IsEnabled && untilFetch > TimeSpan.Zero && untilFetch < _options.ParkedRecheck
            ? untilFetch
            : _options.ParkedRecheck;
        var status = await eventLog.ParkAsync(webhook.WebhookId, missing, recheck, _options.DependencyHorizon,
            $"Waited longer than Worker:DependencyHorizon ({_options.DependencyHorizon}) for {waitingFor}, which never arrived; "
            + "it comes back by itself when one of them is stored.", ct);
        if (status == WebhookEvent.Failed)
        {
            LogGaveUpWaiting(logger, webhook.EventType, webhook.WebhookId, waitingFor);
            Count(activity, "dead_lettered");
        }
        else if (status == WebhookEvent.Pending)
        {
            LogParked(logger, webhook.EventType, webhook.WebhookId, waitingFor);
            Count(activity, "parked");
        }
    }

    private async Task RecordFailureAsync(ReceivedWebhook webhook, Exception ex, Activity? activity, CancellationToken ct)
    {
        activity?.AddException(ex);
        var (attempts, deadLettered) = await eventLog.RecordFailureAsync(webhook.WebhookId, $"{ex.GetType().Name}: {ex.Message}",
            _options.MaxAttempts, _options.RetryBaseDelay, _options.RetryMaxDelay, ct);
        if (deadLettered)
        {
            LogDeadLetteredAfterAttempts(logger, ex, webhook.EventType, webhook.WebhookId, attempts);
            Count(activity, "dead_lettered");
        }
        else
        {
            LogRetry(logger, ex, attempts, webhook.EventType, webhook.WebhookId);
            Count(activity, "retry");
        }
    }

    private async Task DeadLetterAsync(ReceivedWebhook webhook, Activity? activity, string reason, CancellationToken ct)
    {
        await eventLog.DeadLetterAsync(webhook, reason, ct);
        LogDeadLettered(logger, webhook.EventType, webhook.WebhookId, reason);
        Count(activity, "dead_lettered");
    }

    /// <summary>When PostgreSQL was down at receipt, the stream held the only copy: record it before parking or failing.</summary>
    private Task EnsureRecordedAsync(StreamMessage message, IReadOnlyList<string> waitingFor, CancellationToken ct) =>
        message.Recorded ? Task.CompletedTask : eventLog.HandOffAsync(message.Webhook, waitingFor, reason: null, redriveFailed: true, ct);

    private static Activity? StartActivity(ReceivedWebhook webhook)
    {
        // Continue the trace of the request that received the webhook. Named for what it does ("worker user.created");
        // no messaging.* attributes, which the dashboard would show instead of the name.
        ActivityContext.TryParse(webhook.TraceParent, null, out var parent);
        var activity = SyncTelemetry.Source.StartActivity($"worker {webhook.EventType}", ActivityKind.Consumer, parent);
        activity?.SetTag("coursecove.webhook_id", webhook.WebhookId);
        activity?.SetTag("coursecove.event_type", webhook.EventType);
        activity?.SetTag("coursecove.stream", WebhookStream.Key);
        return activity;
    }

    private static void Count(Activity? activity, string outcome)
    {
        activity?.SetTag("coursecove.worker.outcome", outcome);
        SyncTelemetry.WorkerAttempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
    }

    [LoggerMessage(LogLevel.Information, "Parked {EventType} {WebhookId} waiting for {WaitingFor}")]
    private static partial void LogParked(ILogger logger, string eventType, string webhookId, string waitingFor);

    [LoggerMessage(LogLevel.Warning, "Attempt {Attempts} of {EventType} {WebhookId} failed; retrying after a back-off")]
    private static partial void LogRetry(ILogger logger, Exception exception, int attempts, string eventType, string webhookId);

    [LoggerMessage(LogLevel.Error, "Dead-lettered {EventType} {WebhookId} after {Attempts} failed attempts")]
    private static partial void LogDeadLetteredAfterAttempts(ILogger logger, Exception exception, string eventType, string webhookId, int attempts);

    [LoggerMessage(LogLevel.Error, "Dead-lettered {EventType} {WebhookId}: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string eventType, string webhookId, string reason);

    [LoggerMessage(LogLevel.Warning, "Gave up waiting for {WaitingFor} on {EventType} {WebhookId} (Worker:DependencyHorizon); it comes back when one arrives")]
    private static partial void LogGaveUpWaiting(ILogger logger, string eventType, string webhookId, string waitingFor);

    [LoggerMessage(LogLevel.Warning, "PostgreSQL unreachable for {EventType} {WebhookId}; left unacknowledged")]
    private static partial void LogPostgresUnreachable(ILogger logger, Exception exception, string eventType, string webhookId);
}
