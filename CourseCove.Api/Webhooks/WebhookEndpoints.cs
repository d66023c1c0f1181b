using System.Diagnostics;
using CourseCove.Sync.Events;
using CourseCove.Sync.Processing;
using CourseCove.Sync.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CourseCove.Api.Webhooks;

/// <summary><c>POST /api/webhooks/clerk</c>: verify, record once, process fast or hand to the Worker.</summary>
internal static partial class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapClerkWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/webhooks").WithTags("Webhooks");
        group.MapPost("/clerk", ReceiveAsync).DisableAntiforgery();
        return endpoints;
    }

    /// <summary>The JSON answer to a delivery Svix may log: what happened to it.</summary>
    public sealed record WebhookAnswer(string Status, string WebhookId);

    private static async Task<Results<Ok<WebhookAnswer>, Accepted<WebhookAnswer>, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request,
        SignatureVerifier verifier,
        WebhookIngestor ingestor,
        TimeProvider clock,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(WebhookEndpoints));
        var receivedAt = clock.GetUtcNow();
        var body = await WebhookBody.ReadAsync(request, ct);
        if (body is null)
        {
            return Reject(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body is larger than {WebhookBody.MaxBytes} bytes.");
        }

        // The signature is checked on the raw body before any JSON parsing.
        var verification = verifier.Verify(request.Headers, body);
        if (verification.Status != VerificationStatus.Verified)
        {
            var status = verification.Status == VerificationStatus.Malformed
                ? StatusCodes.Status400BadRequest
                : StatusCodes.Status401Unauthorized;
            LogRejected(logger, status, verification.Error!);
            return Reject(status, status == 400 ? "Malformed webhook headers" : "Signature verification failed", verification.Error!);
        }

        var webhookId = verification.WebhookId!;
        if (!ClerkEventParser.TryParse(body, out var evt, out var error))
        {
            LogRejected(logger, StatusCodes.Status400BadRequest, error!);
            return Reject(StatusCodes.Status400BadRequest, "Not a Clerk event", error!);
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["WebhookId"] = webhookId, ["EventType"] = evt!.Type });
        Activity.Current?.SetTag("coursecove.webhook_id", webhookId);
        Activity.Current?.SetTag("coursecove.event_type", evt.Type);

        string outcome;
        try
        {
            outcome = await ingestor.IngestAsync(new ReceivedWebhook(webhookId, evt.Type, body, receivedAt, Activity.Current?.Id), evt, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Neither PostgreSQL nor Redis took it (or PostgreSQL refused to record it): 503 so that Svix delivers it again.
            LogUnavailable(logger, ex, evt.Type, webhookId);
            SyncTelemetry.RecordReceived(evt.Type, WebhookOutcome.Unavailable);
            Activity.Current?.SetTag("coursecove.path", WebhookOutcome.Unavailable);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Storage unavailable",
                detail: "Neither PostgreSQL nor Redis could record the event; retry later.");
        }

        SyncTelemetry.RecordReceived(evt.Type, outcome);
        Activity.Current?.SetTag("coursecove.path", outcome);
        LogIngested(logger, evt.Type, webhookId, outcome);
        var answer = new WebhookAnswer(outcome, webhookId);
        return outcome == WebhookOutcome.Queued ? TypedResults.Accepted((string?)null, answer) : TypedResults.Ok(answer);

        // Rejected before the event type is known (or trusted): counted as "other".
        static ProblemHttpResult Reject(int status, string title, string detail)
        {
            SyncTelemetry.RecordReceived(null, WebhookOutcome.Rejected);
            Activity.Current?.SetTag("coursecove.path", WebhookOutcome.Rejected);
            return TypedResults.Problem(statusCode: status, title: title, detail: detail);
        }
    }

    [LoggerMessage(LogLevel.Information, "Webhook {EventType} {WebhookId}: {Outcome}")]
    private static partial void LogIngested(ILogger logger, string eventType, string webhookId, string outcome);

    [LoggerMessage(LogLevel.Warning, "Webhook rejected with {Status}: {Reason}")]
    private static partial void LogRejected(ILogger logger, int status, string reason);

    [LoggerMessage(LogLevel.Error, "Webhook {EventType} {WebhookId} could not be stored; answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string eventType, string webhookId);
}
