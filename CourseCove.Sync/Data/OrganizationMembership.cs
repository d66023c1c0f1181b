namespace CourseCove.Sync.Data;

/// <summary>A user's membership of an organization, with Clerk's role key (e.g. <c>org:admin</c>).</summary>
public sealed class OrganizationMembership
{
    public required string Id { get; set; }
    public required string OrganizationId { get; set; }
    public required string UserId { get; set; }
    public required string Role { get; set; }

    /// <summary>Clerk's created_at.</summary>
    public required DateTimeOffset CreatedAt { get; set; }

    /// <summary>Clerk's updated_at: the ordering key, also between two memberships of one pair.</summary>
    public required DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset SyncedAt { get; set; }

    public Organization? Organization { get; set; }
    public User? User { get; set; }
}
