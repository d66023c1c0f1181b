namespace CourseCove.Sync.Data;

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply pending EF Core migrations when the Api starts (default on).</summary>
    public bool MigrateOnStart { get; set; } = true;
}
