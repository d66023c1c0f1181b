using System.Text.Json;
using CourseCove.Simulator.History;
using CourseCove.Sync.Events;

namespace CourseCove.Simulator.Truth;

/// <summary>
/// Clerk's truth: applies a history in Clerk's order and says what the database must converge to. It reads the
/// event bodies themselves (not the generator's state), so it also checks what the generator wrote.
/// </summary>
public sealed partial class TruthModel
{
    private readonly Dictionary<string, ExpectedUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExpectedOrganization> _organizations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExpectedMembership> _memberships = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deletedOrganizations = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deletedMemberships = new(StringComparer.Ordinal);

    /// <summary>Every user the history mentions, deleted ones with status DELETED.</summary>
    public IReadOnlyDictionary<string, ExpectedUser> Users => _users;

    /// <summary>Live organizations; deleted ones are absent.</summary>
    public IReadOnlyDictionary<string, ExpectedOrganization> Organizations => _organizations;

    /// <summary>Live memberships; removed ones are absent, also those gone with their user or organization.</summary>
    public IReadOnlyDictionary<string, ExpectedMembership> Memberships => _memberships;

    /// <summary>Organizations the history deleted: they must not be in the database.</summary>
    public IReadOnlySet<string> DeletedOrganizationIds => _deletedOrganizations;

    /// <summary>Memberships the history created and that are gone since: they must not be in the database.</summary>
    public IReadOnlySet<string> DeletedMembershipIds => _deletedMemberships;

    public static TruthModel From(ClerkHistory history) => From(history.Events.Select(e => e.Body));

    public static TruthModel From(IEnumerable<string> bodies)
    {
        var model = new TruthModel();
        foreach (var body in bodies)
        {
            model.Apply(body);
        }

        return model;
    }

    /// <summary>Applies one event body; the next event in Clerk's order must come next.</summary>
    public void Apply(string body)
    {
        using var document = JsonDocument.Parse(body, ClerkEventParser.DocumentOptions);
        var root = document.RootElement;
        var data = root.GetProperty("data");
        var timestamp = root.TryGetProperty("timestamp", out var ts) ? ts.GetInt64() : 0;
        switch (root.GetProperty("type").GetString())
        {
            case ClerkEventTypes.UserCreated or ClerkEventTypes.UserUpdated:
                ApplyUser(data);
                break;
            case ClerkEventTypes.UserDeleted:
                DeleteUser(Text(data, "id")!, timestamp);
                break;
            case ClerkEventTypes.OrganizationCreated or ClerkEventTypes.OrganizationUpdated:
                ApplyOrganization(data);
                break;
            case ClerkEventTypes.OrganizationDeleted:
                DeleteOrganization(Text(data, "id")!);
                break;
            case ClerkEventTypes.MembershipCreated or ClerkEventTypes.MembershipUpdated:
                ApplyMembership(data);
                break;
            case ClerkEventTypes.MembershipDeleted:
                RemoveMembership(Text(data, "id")!);
                break;
        }
    }

    /// <summary>A text field as PostgreSQL holds it (see <see cref="StoredText"/>: U+0000 removed).</summary>
    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? StoredText.Map(value.GetString()!) : null;

    private static long Number(JsonElement element, string property) => element.GetProperty(property).GetInt64();
}
