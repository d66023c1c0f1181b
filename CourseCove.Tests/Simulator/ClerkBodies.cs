using System.Text.Json;

namespace CourseCove.Tests.Simulator;

/// <summary>Hand-made Clerk event bodies for tiny histories; the primary address is deliberately listed second.</summary>
internal static class ClerkBodies
{
    public static string User(string type, string id, long updatedAt, string email = "ada@example.com", string firstName = "Ada") =>
        Event(type, updatedAt, new
        {
            id,
            @object = "user",
            email_addresses = new object[]
            {
                new { id = $"idn_old_{id}", email_address = $"old.{email}", @object = "email_address" },
                new { id = $"idn_primary_{id}", email_address = email, @object = "email_address" },
            },
            primary_email_address_id = $"idn_primary_{id}",
            first_name = firstName,
            last_name = "Łukasz",
            username = (string?)null,
            image_url = "https://img.clerk.com/u",
            created_at = 1,
            updated_at = updatedAt,
        });

    public static string Organization(string type, string id, long updatedAt, string name = "Acme") =>
        Event(type, updatedAt, new { id, @object = "organization", name, slug = "acme", image_url = "https://img.clerk.com/o", created_at = 1, updated_at = updatedAt });

    public static string Membership(string type, string id, string organizationId, string userId, long updatedAt, string role = "org:member") =>
        Event(type, updatedAt, new
        {
            id,
            @object = "organization_membership",
            role,
            organization = new { id = organizationId, @object = "organization", name = "Acme", created_at = 1, updated_at = 1 },
            public_user_data = new { user_id = userId, identifier = "ada@example.com" },
            created_at = updatedAt,
            updated_at = updatedAt,
        });

    public static string Deleted(string type, string id, long timestamp) =>
        Event(type, timestamp, new { deleted = true, id, @object = type.Split('.')[0] });

    private static string Event(string type, long timestamp, object data) =>
        JsonSerializer.Serialize(new { data, @object = "event", timestamp, type });
}
