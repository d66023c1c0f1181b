using System.Text.Json;
using System.Text.Json.Serialization;

namespace CourseCove.Sync.Events;

/// <summary>Turns a verified body into a <see cref="ClerkEvent"/>, or says precisely why it is not one.</summary>
public static class ClerkEventParser
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        NumberHandling = JsonNumberHandling.Strict,
        // A null or missing non-nullable field is a malformed event, not a row with holes.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static bool TryParse(string body, out ClerkEvent? clerkEvent, out string? error)
    {
        clerkEvent = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The body is not a JSON object.";
                return false;
            }

            if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(typeElement.GetString()))
            {
                error = "The event has no string 'type'.";
                return false;
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                error = "The event has no object 'data'.";
                return false;
            }

            long? timestamp = null;
            if (root.TryGetProperty("timestamp", out var ts) && ts.ValueKind != JsonValueKind.Null)
            {
                if (ts.ValueKind != JsonValueKind.Number || !ts.TryGetInt64(out var ms))
                {
                    error = "The event's 'timestamp' is not a whole number of milliseconds.";
                    return false;
                }

                timestamp = ms;
            }

            clerkEvent = ReadPayload(new ClerkEvent(typeElement.GetString()!, timestamp), data);
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            // The message names the path and the problem, never the payload itself.
            error = $"The body is not a valid Clerk event: {ex.Message}";
            clerkEvent = null;
            return false;
        }
    }

    private static ClerkEvent ReadPayload(ClerkEvent evt, JsonElement data) => evt.Type switch
    {
        ClerkEventTypes.UserCreated or ClerkEventTypes.UserUpdated => evt with { User = Read<ClerkUser>(data) },
        ClerkEventTypes.OrganizationCreated or ClerkEventTypes.OrganizationUpdated =>
            evt with { Organization = Read<ClerkOrganization>(data) },
        ClerkEventTypes.MembershipCreated or ClerkEventTypes.MembershipUpdated or ClerkEventTypes.MembershipDeleted =>
            evt with { Membership = Read<ClerkMembership>(data) },
        ClerkEventTypes.UserDeleted or ClerkEventTypes.OrganizationDeleted =>
            evt with { Deleted = Read<ClerkDeletedObject>(data) },
        _ => evt,
    };

    private static T Read<T>(JsonElement data) where T : class
    {
        var payload = data.Deserialize<T>(Options) ?? throw new JsonException($"'data' is not a {typeof(T).Name}.");
        if (data.TryGetProperty("id", out var id) && string.IsNullOrWhiteSpace(id.GetString()))
        {
            throw new JsonException("'data.id' is empty.");
        }

        return payload;
    }
}
