using System.Globalization;
using CourseCove.Sync.Processing;
using StackExchange.Redis;

namespace CourseCove.Sync.Streaming;

/// <summary>
/// One stream entry: everything the Worker needs to finish the job even if the Api dies right after sending it,
/// including the W3C trace context of the request that received it.
/// </summary>
/// <param name="Recorded">False when PostgreSQL was unreachable and the stream holds the only copy.</param>
public sealed record StreamMessage(ReceivedWebhook Webhook, bool Recorded)
{
    private const string WebhookIdField = "webhook_id";
    private const string EventTypeField = "event_type";
    private const string PayloadField = "payload";
    private const string ReceivedAtField = "received_at";
    private const string RecordedField = "recorded";
    private const string TraceParentField = "traceparent";

    public NameValueEntry[] ToEntries() =>
    [
        new(WebhookIdField, Webhook.WebhookId),
        new(EventTypeField, Webhook.EventType),
        new(PayloadField, Webhook.Payload),
        new(ReceivedAtField, Webhook.ReceivedAt.ToUnixTimeMilliseconds()),
        new(RecordedField, Recorded ? 1 : 0),
        new(TraceParentField, Webhook.TraceParent ?? string.Empty),
    ];

    /// <summary>Reads an entry back; null when it lacks the fields a message must have.</summary>
    public static StreamMessage? FromEntries(NameValueEntry[] entries)
    {
        var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        if (!fields.TryGetValue(WebhookIdField, out var id) || string.IsNullOrEmpty(id)
            || !fields.TryGetValue(EventTypeField, out var type)
            || !fields.TryGetValue(PayloadField, out var payload)
            || !fields.TryGetValue(ReceivedAtField, out var receivedAt)
            || !long.TryParse(receivedAt, NumberStyles.Integer, CultureInfo.InvariantCulture, out var receivedMs)
            || receivedMs < 0 || receivedMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return null;
        }

        var traceParent = fields.GetValueOrDefault(TraceParentField);
        return new StreamMessage(
            new ReceivedWebhook(id, type, payload, DateTimeOffset.FromUnixTimeMilliseconds(receivedMs),
                string.IsNullOrEmpty(traceParent) ? null : traceParent),
            fields.GetValueOrDefault(RecordedField) != "0");
    }
}
