using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace CourseCove.Sync.Events;

/// <summary>Turns a verified body into a <see cref="ClerkEvent"/>, or says precisely why it is not one.</summary>
public static partial class ClerkEventParser
{
    /// <summary>
    /// Clerk's JSON decoder (Go's encoding/json) refuses nesting deeper than 10,000, so nothing a user stores in their
    /// metadata is deeper; a few levels more for the event around it. System.Text.Json reads and skips iteratively.
    /// </summary>
    public const int MaxDepth = 10_016;

    /// <summary>Clerk's ids are short ASCII tokens (<c>user_2abc...</c>); anything longer is not one.</summary>
    public const int MaxIdLength = 256;

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        NumberHandling = JsonNumberHandling.Strict,
        // A null or missing non-nullable field is a malformed event, not a row with holes.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        MaxDepth = MaxDepth,
        Converters = { new StoredText.Converter() },
        // Metadata generated at build time: no reflection, on the Api's hot path least of all.
        TypeInfoResolver = ClerkPayloadsContext.Default,
    };

    private static readonly long MinMs = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxMs = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static bool TryParse(string body, out ClerkEvent? clerkEvent, out string? error)
    {
        clerkEvent = null;
        try
        {
            using var document = JsonDocument.Parse(body, DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The body is not a JSON object.";
                return false;
            }

            if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String
                || !TypeName().IsMatch(typeElement.GetString()!))
            {
                error = "The event has no 'type' that names a Clerk event (1-128 letters, digits, '.', '_', ':' or '-').";
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
                if (ts.ValueKind != JsonValueKind.Number || !ts.TryGetInt64(out var ms) || ms < MinMs || ms > MaxMs)
                {
                    error = "The event's 'timestamp' is not a whole number of milliseconds within years 1-9999.";
                    return false;
                }

                timestamp = ms;
            }

            return TryRead(typeElement.GetString()!, timestamp, data, out clerkEvent, out error);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            error = Invalid(ex);
            return false;
        }
    }

    /// <summary>
    /// Reads an event's <c>data</c> already parsed (with <see cref="DocumentOptions"/>): what <see cref="TryParse"/>
    /// does after the envelope, and how a Backend API object — the same shape — is read without parsing it twice.
    /// </summary>
    public static bool TryRead(string type, long? timestamp, JsonElement data, out ClerkEvent? clerkEvent, out string? error)
    {
        clerkEvent = null;
        try
        {
            var parsed = ReadPayload(new ClerkEvent(type, timestamp), data);
            error = Problem(parsed);
            clerkEvent = error is null ? parsed : null;
            return error is null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            error = Invalid(ex);
            return false;
        }
    }

    // InvalidOperationException: a string that is not valid UTF-16 (a lone surrogate escape), which Clerk's encoder
    // never writes. The message names the path and the problem, never the payload itself.
    private static string Invalid(Exception ex) => $"The body is not a valid Clerk event: {ex.Message}";

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

    private static T Read<T>(JsonElement data) where T : class =>
        data.Deserialize<T>(Options) ?? throw new JsonException($"'data' is not a {typeof(T).Name}.");

    /// <summary>What makes a parsed payload unusable: an id that is not an id, a time outside what a row can hold.</summary>
    private static string? Problem(ClerkEvent evt) => evt switch
    {
        { User: { } u } => Id("data.id", u.Id) ?? Time("data.created_at", u.CreatedAt) ?? Time("data.updated_at", u.UpdatedAt),
        { Organization: { } o } => Id("data.id", o.Id) ?? Time("data.created_at", o.CreatedAt) ?? Time("data.updated_at", o.UpdatedAt),
        { Membership: { } m } => Id("data.id", m.Id) ?? Id("data.organization.id", m.Organization.Id)
            ?? Id("data.public_user_data.user_id", m.PublicUserData.UserId)
            ?? Time("data.created_at", m.CreatedAt) ?? Time("data.updated_at", m.UpdatedAt),
        { Deleted: { } d } => Id("data.id", d.Id),
        _ => null,
    };

    private static string? Id(string path, string id) =>
        string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength ? $"'{path}' is not a Clerk id (empty or over {MaxIdLength} characters)." : null;

    private static string? Time(string path, long ms) =>
        ms < MinMs || ms > MaxMs ? $"'{path}' is not a time in milliseconds within years 1-9999." : null;

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,128}$")]
    private static partial Regex TypeName();
}
