using System.ComponentModel.DataAnnotations;

namespace CourseCove.Api.Webhooks;

/// <summary>Configuration section <c>Webhooks</c>: the fast path's budget and its fallbacks.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How long the fast path may try before handing the event to the Worker.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10", ErrorMessage = "Webhooks:FastPathBudget must be between 10 ms and 10 s.")]
    public TimeSpan FastPathBudget { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>At most this many retries within the budget (short exponential delays with jitter).</summary>
    [Range(0, 50, ErrorMessage = "Webhooks:FastPathMaxRetries must be between 0 and 50.")]
    public int FastPathMaxRetries { get; set; } = 6;

    /// <summary>First retry delay; doubles each time, capped at 100 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:01", ErrorMessage = "Webhooks:FastPathRetryDelay must be between 1 ms and 1 s.")]
    public TimeSpan FastPathRetryDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long recording the event for the Worker (PostgreSQL, else Redis) may take before answering 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30", ErrorMessage = "Webhooks:HandOffTimeout must be between 100 ms and 30 s.")]
    public TimeSpan HandOffTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
