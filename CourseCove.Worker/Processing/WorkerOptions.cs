using System.ComponentModel.DataAnnotations;

namespace CourseCove.Worker.Processing;

/// <summary>Configuration section <c>Worker</c>.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>
    /// This instance's consumer name in the group. By default the machine name and process id: unique for every Worker,
    /// also several on one host. A fixed name lets a restarted instance take up its own pending entries at once;
    /// without one, they are claimed after <see cref="VisibilityTimeout"/> like a dead consumer's.
    /// </summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Worker:ConsumerName must not be empty.")]
    public string ConsumerName { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Processing errors are retried with back-off up to this many attempts, then dead-lettered.</summary>
    [Range(1, 100, ErrorMessage = "Worker:MaxAttempts must be between 1 and 100.")]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// How long an event may wait for its user or organization before it is dead-lettered (it comes back by itself when
    /// one arrives). Longer than Svix's ~27 h of retries, so a dependency Svix is still retrying is never given up first.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Worker:DependencyHorizon must be between 1 s and 30 days.")]
    public TimeSpan DependencyHorizon { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// An entry delivered to the Worker more often than this without reaching a conclusion (it crashed or hung the
    /// Worker, or failed unexpectedly each time) is dead-lettered with the reason and acknowledged.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Worker:MaxDeliveries must be between 1 and 1000.")]
    public int MaxDeliveries { get; set; } = 10;

    /// <summary>Entries a consumer has held this long without acknowledging are claimed by another (XAUTOCLAIM).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Worker:VisibilityTimeout must be between 1 s and 1 h.")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First retry delay after a processing error; doubles per attempt (with jitter) up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Worker:RetryBaseDelay must be between 10 ms and 1 h.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "Worker:RetryMaxDelay must be between 10 ms and 1 day.")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A membership parked this long on a missing user or organization makes the Worker fetch it from Clerk's Backend
    /// API and apply it (only while <c>Clerk:SecretKey</c> is set): a lost user.created costs seconds, not a replay.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Worker:FetchMissingAfter must be between 0 and 1 day.")]
    public TimeSpan FetchMissingAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Backstop re-check of a parked event when no "dependency stored" signal arrives.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "Worker:ParkedRecheck must be between 100 ms and 1 day.")]
    public TimeSpan ParkedRecheck { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the scheduler looks for due events in PostgreSQL (retries, parked, lost hand-offs).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "Worker:SchedulerInterval must be between 50 ms and 1 min.")]
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Entries read per batch, and processed concurrently.</summary>
    [Range(1, 1000, ErrorMessage = "Worker:BatchSize must be between 1 and 1000.")]
    public int BatchSize { get; set; } = 64;

    [Range(1, 256, ErrorMessage = "Worker:Concurrency must be between 1 and 256.")]
    public int Concurrency { get; set; } = 16;

    /// <summary>The health check reports unhealthy when entries have waited this long and none was concluded meanwhile.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "Worker:StallTimeout must be between 5 s and 1 h.")]
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest idle poll interval; a pub/sub wake-up starts new work sooner.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30", ErrorMessage = "Worker:MaxIdleDelay must be between 10 ms and 30 s.")]
    public TimeSpan MaxIdleDelay { get; set; } = TimeSpan.FromSeconds(1);
}
