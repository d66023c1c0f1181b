namespace CourseCove.Sync.Data;

/// <summary>One Clerk delivery, recorded once per svix-id; PostgreSQL's copy is the source of truth.</summary>
public sealed class WebhookEvent
{
    public const string Pending = "pending";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public long Id { get; set; }
    public required string WebhookId { get; set; }
    public required string EventType { get; set; }
    /// <summary>
    /// The body exactly as received (text: any valid JSON, including <c>\u0000</c> escapes that jsonb refuses); null once
    /// the retention pass removed it. A pending event always has its body.
    /// </summary>
    public string? Payload { get; set; }
    public required string Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>Who completed it: <see cref="ProcessingPath.FastPath"/> (the Api) or <see cref="ProcessingPath.SlowPath"/> (the Worker).</summary>
    public string? CompletedBy { get; set; }

    /// <summary>The dependencies a parked event waits for, e.g. <c>user:user_123</c>.</summary>
    public string[]? WaitingFor { get; set; }

    /// <summary>
    /// When the current wait for a dependency began, if not at receipt: set when a dead-lettered event is replayed or
    /// revived, so it gets a fresh <c>Worker:DependencyHorizon</c>.
    /// </summary>
    public DateTimeOffset? WaitingSince { get; set; }

    /// <summary>When the Worker should look at it again (back-off backstop).</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>W3C traceparent of the request that received it, so later processing links back to that trace.</summary>
    public string? TraceParent { get; set; }

    /// <summary>
    /// The Clerk user a user or membership event concerns (<c>data.id</c>, or the membership's
    /// <c>public_user_data.user_id</c>): recorded when it completes, else read from the body by the retention pass
    /// (empty when the body names none); null for other event types.
    /// </summary>
    public string? SubjectUserId { get; set; }

    /// <summary>When the webhook was received (also when it went through Redis first).</summary>
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
