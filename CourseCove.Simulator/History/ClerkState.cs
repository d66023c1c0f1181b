namespace CourseCove.Simulator.History;

// Clerk's side of the world while a history is generated; each event serializes the current state.

/// <summary>An email address or phone number of a user.</summary>
internal sealed record SimContact(string Id, string Value, long CreatedAt);

internal sealed class SimUser
{
    public required string Id { get; init; }
    public required string Handle { get; init; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Username { get; set; }
    public required string ImageUrl { get; set; }
    public bool HasImage { get; set; }
    public List<SimContact> Emails { get; } = [];
    public required string PrimaryEmailId { get; set; }
    public List<SimContact> Phones { get; } = [];
    public string? ExternalId { get; init; }
    public required string Plan { get; set; }
    public required string StripeCustomerId { get; init; }
    public bool Onboarded { get; set; }
    public required long CreatedAt { get; init; }
    public long UpdatedAt { get; set; }
    public bool Deleted { get; set; }

    public string PrimaryEmail => Emails.First(e => e.Id == PrimaryEmailId).Value;
}

internal sealed class SimOrganization
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public required string ImageUrl { get; set; }
    public bool HasImage { get; set; }
    public string? CreatedBy { get; init; }
    public required string Tier { get; set; }
    public int MaxAllowedMemberships { get; set; }
    public int MembersCount { get; set; }
    public required long CreatedAt { get; init; }
    public long UpdatedAt { get; set; }
    public bool Deleted { get; set; }
}

internal sealed class SimMembership
{
    public required string Id { get; init; }
    public required SimOrganization Organization { get; init; }
    public required SimUser User { get; init; }
    public required string Role { get; set; }
    public required long CreatedAt { get; init; }
    public long UpdatedAt { get; set; }
    public bool Deleted { get; set; }
}

/// <summary>Clerk's organization roles: the two system roles and one custom role, with their permissions.</summary>
internal static class ClerkRoles
{
    public const string Admin = "org:admin";
    public const string Member = "org:member";
    public const string Instructor = "org:instructor";

    public static readonly string[] All = [Admin, Member, Instructor];

    public static string Name(string role) => role switch
    {
        Admin => "Admin",
        Instructor => "Instructor",
        _ => "Member",
    };

    public static string[] Permissions(string role) => role switch
    {
        Admin =>
        [
            "org:sys_profile:manage", "org:sys_profile:delete", "org:sys_memberships:read",
            "org:sys_memberships:manage", "org:sys_domains:read", "org:sys_domains:manage",
        ],
        Instructor => ["org:sys_memberships:read", "org:courses:manage"],
        _ => ["org:sys_memberships:read"],
    };
}
