namespace CourseCove.Sync.Data;

/// <summary>
/// Remembers a hard-deleted organization or membership so that late or replayed events never bring it back
/// (Clerk never reuses ids).
/// </summary>
public sealed class Tombstone
{
    public const string OrganizationKind = "organization";
    public const string MembershipKind = "membership";

    public required string Kind { get; set; }
    public required string Id { get; set; }
    public required DateTimeOffset DeletedAt { get; set; }
}
