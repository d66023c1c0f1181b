using System.Text;
using System.Text.Json;

namespace CourseCove.Simulator.History;

/// <summary>One Clerk event as Svix would carry it: the svix-id and the exact JSON body Clerk sent.</summary>
/// <param name="Sequence">Position in Clerk's own order (0-based).</param>
/// <param name="ObjectId">The <c>data.id</c> of the event.</param>
/// <param name="UserId">The user the event is about (user events and memberships), if any.</param>
/// <param name="OrganizationId">The organization the event is about (organization events and memberships), if any.</param>
public sealed record HistoryEvent(
    int Sequence,
    string SvixId,
    string Type,
    long Timestamp,
    string ObjectId,
    string? UserId,
    string? OrganizationId,
    string Body);

/// <summary>A generated Clerk history: events in the order Clerk emitted them, timestamps strictly increasing.</summary>
public sealed record ClerkHistory(HistoryOptions Options, IReadOnlyList<HistoryEvent> Events)
{
    public int Count => Events.Count;

    /// <summary>
    /// The first <paramref name="count"/> events: a prefix of Clerk's history is itself a valid history
    /// (Clerk's truth at that moment).
    /// </summary>
    public ClerkHistory Take(int count) => this with { Events = Events.Take(count).ToArray() };

    public IReadOnlyDictionary<string, int> CountByType() =>
        Events.GroupBy(e => e.Type).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());

    /// <summary>One line per event, <c>{"svix_id":...,"event":{...}}</c>: a stable form to store or compare.</summary>
    public string ToJsonLines()
    {
        var text = new StringBuilder();
        foreach (var evt in Events)
        {
            text.Append("{\"svix_id\":").Append(JsonSerializer.Serialize(evt.SvixId))
                .Append(",\"event\":").Append(evt.Body).Append("}\n");
        }

        return text.ToString();
    }
}
