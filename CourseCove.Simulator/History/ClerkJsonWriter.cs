using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CourseCove.Simulator.History;

/// <summary>
/// Writes Clerk's event JSON with the fields of today's UserJSON, OrganizationJSON and OrganizationMembershipJSON
/// (more than the server reads, as real payloads carry). Utf8JsonWriter rather than the serializer: a thousand events
/// in milliseconds, byte-identical on every run.
/// </summary>
internal sealed partial class ClerkJsonWriter(string instanceId, string userAgent)
{
    // Raw UTF-8 names and '+' in phone numbers, as Clerk sends them; a webhook body never lands in HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public string Event(string type, long timestamp, Action<Utf8JsonWriter> writeData)
    {
        _buffer.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(_buffer, Options))
        {
            w.WriteStartObject();
            w.WriteStartObject("data");
            writeData(w);
            w.WriteEndObject();
            w.WriteStartObject("event_attributes");
            w.WriteStartObject("http_request");
            w.WriteString("client_ip", "203.0.113.24");
            w.WriteString("user_agent", userAgent);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteString("instance_id", instanceId);
            w.WriteString("object", "event");
            w.WriteNumber("timestamp", timestamp);
            w.WriteString("type", type);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    public static void Deleted(Utf8JsonWriter w, string id, string objectName)
    {
        w.WriteBoolean("deleted", true);
        w.WriteString("id", id);
        w.WriteString("object", objectName);
    }

    public static void Organization(Utf8JsonWriter w, SimOrganization org)
    {
        w.WriteBoolean("admin_delete_enabled", true);
        w.WriteNumber("created_at", org.CreatedAt);
        w.WriteString("created_by", org.CreatedBy);
        w.WriteBoolean("has_image", org.HasImage);
        w.WriteString("id", org.Id);
        w.WriteString("image_url", org.ImageUrl);
        w.WriteNumber("max_allowed_memberships", org.MaxAllowedMemberships);
        w.WriteNumber("members_count", org.MembersCount);
        w.WriteString("name", org.Name);
        w.WriteString("object", "organization");
        w.WriteNumber("pending_invitations_count", 0);
        w.WriteStartObject("private_metadata");
        w.WriteString("billing_id", "bill_" + org.Id[^8..]);
        w.WriteEndObject();
        w.WriteStartObject("public_metadata");
        w.WriteString("tier", org.Tier);
        w.WriteEndObject();
        w.WriteString("role_set_key", "role_set:default");
        w.WriteString("slug", org.Slug);
        w.WriteNumber("updated_at", org.UpdatedAt);
    }

    public static void Membership(Utf8JsonWriter w, SimMembership membership)
    {
        var user = membership.User;
        w.WriteNumber("created_at", membership.CreatedAt);
        w.WriteString("id", membership.Id);
        w.WriteString("object", "organization_membership");
        w.WriteStartObject("organization");
        Organization(w, membership.Organization);
        w.WriteEndObject();
        w.WriteStartArray("permissions");
        foreach (var permission in ClerkRoles.Permissions(membership.Role))
        {
            w.WriteStringValue(permission);
        }

        w.WriteEndArray();
        w.WriteStartObject("private_metadata");
        w.WriteEndObject();
        w.WriteStartObject("public_metadata");
        w.WriteEndObject();
        w.WriteStartObject("public_user_data");
        w.WriteString("first_name", user.FirstName);
        w.WriteBoolean("has_image", user.HasImage);
        w.WriteString("identifier", user.PrimaryEmail);
        w.WriteString("image_url", user.ImageUrl);
        w.WriteString("last_name", user.LastName);
        w.WriteString("profile_image_url", user.ImageUrl);
        w.WriteString("user_id", user.Id);
        w.WriteString("username", user.Username);
        w.WriteEndObject();
        w.WriteString("role", membership.Role);
        w.WriteString("role_name", ClerkRoles.Name(membership.Role));
        w.WriteNumber("updated_at", membership.UpdatedAt);
    }
}
