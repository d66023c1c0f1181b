namespace CourseCove.Simulator.Truth;

/// <summary>What the users table should say about a Clerk user once every event is applied.</summary>
public sealed record ExpectedUser(
    string Id,
    string? Email,
    string? FirstName,
    string? LastName,
    string? Username,
    string? ImageUrl,
    string Status,
    long UpdatedAt)
{
    public const string Active = "ACTIVE";
    public const string Deleted = "DELETED";

    public bool IsDeleted => Status == Deleted;
}

/// <summary>What the organizations table should say about a live Clerk organization.</summary>
public sealed record ExpectedOrganization(string Id, string Name, string? Slug, string? ImageUrl, long UpdatedAt);

/// <summary>What the organization_memberships table should say about a live membership.</summary>
public sealed record ExpectedMembership(string Id, string OrganizationId, string UserId, string Role, long UpdatedAt);
