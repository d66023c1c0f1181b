using System.Text.Json.Serialization;

namespace CourseCove.Sync.Events;

// The parts of Clerk's payloads CourseCove keeps; unknown fields are ignored (Clerk adds fields over time).

/// <summary>A Clerk <c>user</c> object (user.created / user.updated).</summary>
public sealed record ClerkUser(
    [property: JsonRequired] string Id,
    [property: JsonPropertyName("email_addresses")] IReadOnlyList<ClerkEmailAddress>? EmailAddresses,
    [property: JsonPropertyName("primary_email_address_id")] string? PrimaryEmailAddressId,
    [property: JsonPropertyName("first_name")] string? FirstName,
    [property: JsonPropertyName("last_name")] string? LastName,
    string? Username,
    [property: JsonPropertyName("image_url")] string? ImageUrl,
    [property: JsonPropertyName("created_at"), JsonRequired] long CreatedAt,
    [property: JsonPropertyName("updated_at"), JsonRequired] long UpdatedAt)
{
    /// <summary>The primary address: the one whose id is <c>primary_email_address_id</c>, wherever it stands.</summary>
    public string? PrimaryEmail =>
        EmailAddresses?.FirstOrDefault(e => e.Id == PrimaryEmailAddressId)?.EmailAddress;
}

/// <summary>One entry of a user's <c>email_addresses</c>.</summary>
public sealed record ClerkEmailAddress(
    [property: JsonRequired] string Id,
    [property: JsonPropertyName("email_address"), JsonRequired] string EmailAddress);

/// <summary>A Clerk <c>organization</c> object.</summary>
public sealed record ClerkOrganization(
    [property: JsonRequired] string Id,
    [property: JsonRequired] string Name,
    string? Slug,
    [property: JsonPropertyName("image_url")] string? ImageUrl,
    [property: JsonPropertyName("created_at"), JsonRequired] long CreatedAt,
    [property: JsonPropertyName("updated_at"), JsonRequired] long UpdatedAt);

/// <summary>A Clerk <c>organization_membership</c> object (created, updated and deleted carry the whole object).</summary>
public sealed record ClerkMembership(
    [property: JsonRequired] string Id,
    [property: JsonRequired] string Role,
    [property: JsonRequired] ClerkMembershipOrganization Organization,
    [property: JsonPropertyName("public_user_data"), JsonRequired] ClerkPublicUserData PublicUserData,
    [property: JsonPropertyName("created_at"), JsonRequired] long CreatedAt,
    [property: JsonPropertyName("updated_at"), JsonRequired] long UpdatedAt);

/// <summary>The organization embedded in a membership; only its id is used.</summary>
public sealed record ClerkMembershipOrganization([property: JsonRequired] string Id);

/// <summary>The user summary embedded in a membership; only the user id is used.</summary>
public sealed record ClerkPublicUserData([property: JsonPropertyName("user_id"), JsonRequired] string UserId);

/// <summary>The stub Clerk sends for user.deleted and organization.deleted.</summary>
public sealed record ClerkDeletedObject([property: JsonRequired] string Id, bool? Deleted);

/// <summary>The payloads' serialization metadata, generated at build time (the parser's options add the rest).</summary>
[JsonSerializable(typeof(ClerkUser))]
[JsonSerializable(typeof(ClerkOrganization))]
[JsonSerializable(typeof(ClerkMembership))]
[JsonSerializable(typeof(ClerkDeletedObject))]
internal sealed partial class ClerkPayloadsContext : JsonSerializerContext;
