using System.ComponentModel.DataAnnotations;

namespace CourseCove.Worker.Retention;

/// <summary>Configuration section <c>Retention</c>: how long personal data and raw bodies are kept.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>
    /// A user deleted in Clerk this long ago has the personal columns of their row cleared (the row stays, DELETED, so
    /// nothing resurrects it) and every stored body of a completed or failed event about them removed.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00", ErrorMessage = "Retention:DeletedUsers must be between 1 s and 3650 days.")]
    public TimeSpan DeletedUsers { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// A completed event's body is removed this long after it was received; a dead letter's this long after it failed.
    /// The row stays: svix-id, type, status and times.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00", ErrorMessage = "Retention:EventPayloads must be between 1 s and 3650 days.")]
    public TimeSpan EventPayloads { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Time between passes; one runs when the Worker starts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Retention:Interval must be between 1 s and 7 days.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
