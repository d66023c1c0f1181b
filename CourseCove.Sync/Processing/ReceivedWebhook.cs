namespace CourseCove.Sync.Processing;

/// <summary>One verified delivery as received: enough to process it anywhere, now or later.</summary>
/// <param name="TraceParent">W3C traceparent of the receiving request, carried along so processing joins its trace.</param>
public sealed record ReceivedWebhook(
    string WebhookId, string EventType, string Payload, DateTimeOffset ReceivedAt, string? TraceParent = null);
