namespace CourseCove.Api.Webhooks;

/// <summary>The path a delivery took: the <c>outcome</c> tag of <c>coursecove.webhooks.received</c>.</summary>
public static class WebhookOutcome
{
    public const string FastPath = "fast_path";
    public const string Queued = "queued";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";

    /// <summary>Neither PostgreSQL nor Redis could take the event: answered 503 so Svix retries.</summary>
    public const string Unavailable = "unavailable";
}
