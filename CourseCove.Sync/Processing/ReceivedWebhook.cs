namespace CourseCove.Sync.Processing;

/// <summary>One verified delivery as received: enough to process it anywhere, now or later.</summary>
public sealed record ReceivedWebhook(string WebhookId, string EventType, string Payload, DateTimeOffset ReceivedAt);
