using System.Text.Json;
using CourseCove.Simulator.History;
using CourseCove.Simulator.Truth;
using CourseCove.Sync.Events;

namespace CourseCove.Simulator.ClerkApi;

/// <summary>One object as the Backend API returns it: the <c>data</c> of its latest webhook, verbatim.</summary>
/// <param name="OrganizationId">A membership's organization.</param>
/// <param name="UserId">A membership's user.</param>
public sealed record ClerkObject(string Id, long CreatedAt, long UpdatedAt, string Json, string? OrganizationId = null, string? UserId = null);

/// <summary>
/// What Clerk's Backend API holds at the end of a history: every live user, organization and membership as its latest
/// webhook body described it; deleted ones are absent. Lists are kept oldest first (created_at, then id).
/// </summary>
public sealed class ClerkSnapshot
{
    private ClerkSnapshot(List<ClerkObject> users, List<ClerkObject> organizations, List<ClerkObject> memberships)
    {
        Users = users;
        Organizations = organizations;
        Memberships = memberships;
        UsersById = users.ToDictionary(u => u.Id, StringComparer.Ordinal);
        OrganizationsById = organizations.ToDictionary(o => o.Id, StringComparer.Ordinal);
        MembershipsByOrganization = memberships.GroupBy(m => m.OrganizationId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    public IReadOnlyList<ClerkObject> Users { get; }
    public IReadOnlyList<ClerkObject> Organizations { get; }
    public IReadOnlyList<ClerkObject> Memberships { get; }
    public IReadOnlyDictionary<string, ClerkObject> UsersById { get; }
    public IReadOnlyDictionary<string, ClerkObject> OrganizationsById { get; }
    public IReadOnlyDictionary<string, List<ClerkObject>> MembershipsByOrganization { get; }

    public int ObjectCount => Users.Count + Organizations.Count + Memberships.Count;

    public static ClerkSnapshot From(ClerkHistory history) => From(history, TruthModel.From(history));

    public static ClerkSnapshot From(ClerkHistory history, TruthModel truth)
    {
        Dictionary<string, ClerkObject> users = new(StringComparer.Ordinal), organizations = new(StringComparer.Ordinal),
            memberships = new(StringComparer.Ordinal);
        foreach (var evt in history.Events)
        {
            var target = evt.Type switch
            {
                ClerkEventTypes.UserCreated or ClerkEventTypes.UserUpdated => users,
                ClerkEventTypes.OrganizationCreated or ClerkEventTypes.OrganizationUpdated => organizations,
                ClerkEventTypes.MembershipCreated or ClerkEventTypes.MembershipUpdated => memberships,
                _ => null,
            };
            if (target is not null)
            {
                // Clerk's order: the last body of an object is its current state.
                target[evt.ObjectId] = Read(evt);
            }
        }

        return new ClerkSnapshot(
            Live(users, id => truth.Users.TryGetValue(id, out var u) && !u.IsDeleted),
            Live(organizations, truth.Organizations.ContainsKey),
            Live(memberships, truth.Memberships.ContainsKey));
    }

    /// <summary>This snapshot without the given objects, as if Clerk had deleted them (memberships go with their user or organization).</summary>
    public ClerkSnapshot Without(IReadOnlySet<string> ids) => new(
        Users.Where(u => !ids.Contains(u.Id)).ToList(),
        Organizations.Where(o => !ids.Contains(o.Id)).ToList(),
        Memberships.Where(m => !ids.Contains(m.Id) && !ids.Contains(m.OrganizationId!) && !ids.Contains(m.UserId!)).ToList());

    private static ClerkObject Read(HistoryEvent evt)
    {
        using var json = JsonDocument.Parse(evt.Body);
        var data = json.RootElement.GetProperty("data");
        return new ClerkObject(evt.ObjectId, data.GetProperty("created_at").GetInt64(), data.GetProperty("updated_at").GetInt64(),
            data.GetRawText(), evt.OrganizationId, evt.UserId);
    }

    private static List<ClerkObject> Live(Dictionary<string, ClerkObject> latest, Func<string, bool> isLive) =>
        latest.Values.Where(o => isLive(o.Id)).OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();
}
