using System.ComponentModel.DataAnnotations;

namespace CourseCove.Worker.FetchOnWait;

/// <summary>
/// <c>Worker:FetchMissingAfter</c>: how long a membership may be parked on a missing user or organization before the
/// Worker fetches that dependency from Clerk's Backend API (<see cref="Sync.Clerk.ClerkDependencyFetcher"/>).
/// Bound to the <c>Worker</c> section beside <c>WorkerOptions</c>; only in effect while Clerk:SecretKey is set.
/// </summary>
public sealed class FetchMissingOptions
{
    public const string Section = "Worker";

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Worker:FetchMissingAfter must be between 0 and 1 day.")]
    public TimeSpan FetchMissingAfter { get; set; } = TimeSpan.FromSeconds(10);
}
