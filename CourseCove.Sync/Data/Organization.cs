namespace CourseCove.Sync.Data;

/// <summary>A Clerk organization: a CourseCove tenant. Deleted ones are removed and tombstoned.</summary>
public sealed class Organization
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string? Slug { get; set; }
    public string? ImageUrl { get; set; }

    /// <summary>Clerk's created_at.</summary>
    public required DateTimeOffset CreatedAt { get; set; }

    /// <summary>Clerk's updated_at: the ordering key.</summary>
    public required DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset SyncedAt { get; set; }

    public List<OrganizationMembership> Memberships { get; } = [];
}
