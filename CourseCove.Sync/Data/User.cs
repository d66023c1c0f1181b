namespace CourseCove.Sync.Data;

/// <summary>A Clerk user as last seen; soft-deleted rows stay as tombstones.</summary>
public sealed class User
{
    public const string Active = "ACTIVE";
    public const string Deleted = "DELETED";

    public required string Id { get; set; }
    public string? Email { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Username { get; set; }
    public string? ImageUrl { get; set; }
    public required string Status { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>Clerk's created_at.</summary>
    public required DateTimeOffset CreatedAt { get; set; }

    /// <summary>Clerk's updated_at: the ordering key, older never overwrites newer.</summary>
    public required DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When CourseCove last wrote this row.</summary>
    public DateTimeOffset SyncedAt { get; set; }
}
