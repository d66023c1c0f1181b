using System.Text.Json;

namespace CourseCove.Tests.Support;

/// <summary>Builds Clerk-shaped event bodies (same fields as the fixtures) for ordering scenarios.</summary>
public static class ClerkEvents
{
    public static string NewId(string prefix) => $"{prefix}_{Guid.NewGuid():N}";

    public static string User(string type, string id, long updatedAt, string email = "someone@example.org",
        string? firstName = "Ada", string? lastName = "Lovelace") =>
        Event(type, updatedAt, new
        {
            id,
            @object = "user",
            email_addresses = new object[]
            {
                new { id = $"idn_other_{id}", email_address = $"old.{email}", @object = "email_address" },
                new { id = $"idn_primary_{id}", email_address = email, @object = "email_address" },
            },
            primary_email_address_id = $"idn_primary_{id}",
            first_name = firstName,
            last_name = lastName,
            username = (string?)null,
            image_url = "https://img.clerk.com/x",
            public_metadata = new { plan = "pro" },
            created_at = 1_700_000_000_000,
            updated_at = updatedAt,
        });

    public static string Organization(string type, string id, long updatedAt, string name = "Acme Inc", string? slug = "acme") =>
        Event(type, updatedAt, new
        {
            id,
            @object = "organization",
            name,
            slug,
            image_url = "https://img.clerk.com/o",
            created_at = 1_700_000_000_000,
            updated_at = updatedAt,
        });

    public static string Membership(string type, string id, string orgId, string userId, long updatedAt, string role = "org:member",
        string identifier = "x@example.org") =>
        Event(type, updatedAt, new
        {
            id,
            @object = "organization_membership",
            role,
            organization = new { id = orgId, @object = "organization", name = "Embedded Org", slug = "embedded", created_at = 1, updated_at = 1 },
            public_user_data = new { user_id = userId, identifier, first_name = "X" },
            created_at = 1_700_000_000_000,
            updated_at = updatedAt,
        });

    public static string Deleted(string type, string id, long timestamp) =>
        Event(type, timestamp, new { id, @object = type.Split('.')[0], deleted = true });

    private static string Event(string type, long timestamp, object data) =>
        JsonSerializer.Serialize(new { data, @object = "event", timestamp, type });
}
