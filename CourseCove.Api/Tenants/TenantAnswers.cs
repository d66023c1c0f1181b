using System.Text.Json.Serialization;

namespace CourseCove.Api.Tenants;

// What the tenant API answers (snake_case, like Clerk's own objects).

public sealed record MeAnswer(UserAnswer User, IReadOnlyList<OrganizationAnswer> Organizations);

public sealed record UserAnswer(
    string Id,
    string? Email,
    [property: JsonPropertyName("first_name")] string? FirstName,
    [property: JsonPropertyName("last_name")] string? LastName,
    string? Username,
    [property: JsonPropertyName("image_url")] string? ImageUrl);

/// <param name="Role">The signed-in user's role key in it, e.g. <c>org:admin</c>.</param>
public sealed record OrganizationAnswer(string Id, string Name, string? Slug, string? Role);

public sealed record MemberAnswer(
    [property: JsonPropertyName("user_id")] string UserId,
    string? Email,
    [property: JsonPropertyName("first_name")] string? FirstName,
    [property: JsonPropertyName("last_name")] string? LastName,
    string Role);

public sealed record MembersAnswer(IReadOnlyList<MemberAnswer> Data, [property: JsonPropertyName("total_count")] long TotalCount);
