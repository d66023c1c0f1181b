using System.Globalization;
using CourseCove.Sync.Processing;
using StackExchange.Redis;

namespace CourseCove.Sync.Streaming;

/// <summary>
/// One stream entry: everything the Worker needs to finish the job even if the Api dies right after sending it,
/// plus the W3C trace context of the request that enqueued it.
/// </summary>
/// <param name="Recorded">False when PostgreSQL was unreachable and the stream holds the only copy.</param>
public sealed record StreamMessage(ReceivedWebhook Webhook, bool Recorded, string? TraceParent, string? TraceState)
{
    private const string WebhookIdField = "webhook_id";
    private const string EventTypeField = "event_type";
    private const string PayloadField = "payload";
    private const string ReceivedAtField = "received_at";
    private const string RecordedField = "recorded";
    private const string TraceParentField = "traceparent";
    private const string TraceStateField = "tracestate";

    public NameValueEntry[] ToEntries() =>
    [
        new(WebhookIdField, Webhook.WebhookId),
        new(EventTypeField, Webhook.EventType),
        new(PayloadField, Webhook.Payload),
        new(ReceivedAtField, Webhook.ReceivedAt.ToUnixTimeMilliseconds()),
        new(RecordedField, Recorded ? 1 : 0),
        new(TraceParentField, TraceParent ?? string.Empty),
        new(TraceStateField, TraceState ?? string.Empty),
    ];

    /// <summary>Reads an entry back; null when it lacks the fields a message must have.</summary>
    public static StreamMessage? FromEntries(NameValueEntry[] entries)
    {
        var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        if (!fields.TryGetValue(WebhookIdField, out var id) || string.IsNullOrEmpty(id)
            || !fields.TryGetValue(EventTypeField, out var type)
            || !fields.TryGetValue(PayloadField, out var payload)
            || !fields.TryGetValue(ReceivedAtField, out var receivedAt)
            || !long.TryParse(receivedAt, NumberStyles.Integer, CultureInfo.InvariantCulture, out var receivedMs))
        {
            return null;
        }

        return new StreamMessage(
            new ReceivedWebhook(id, type, payload, DateTimeOffset.FromUnixTimeMilliseconds(receivedMs)),
            fields.GetValueOrDefault(RecordedField) != "0",
            NullIfEmpty(fields.GetValueOrDefault(TraceParentField)),
            NullIfEmpty(fields.GetValueOrDefault(TraceStateField)));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
