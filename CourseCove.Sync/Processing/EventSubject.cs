using CourseCove.Sync.Events;

namespace CourseCove.Sync.Processing;

/// <summary>
/// Which Clerk user an event concerns: <c>data.id</c> of a user event, <c>public_user_data.user_id</c> of a membership
/// event. Recorded with the event (<c>webhook_events.subject_user_id</c>) so that erasing a user finds their bodies by
/// an index, never by casting every body to json in SQL (which a <c>\u0000</c> or 10,000 levels of nesting would break).
/// </summary>
public static class EventSubject
{
    /// <summary>The id of the object the event carries (user, organization, membership, or the deleted one's).</summary>
    public static string ObjectIdOf(ClerkEvent evt) =>
        evt.User?.Id ?? evt.Organization?.Id ?? evt.Membership?.Id ?? evt.Deleted?.Id ?? "";

    /// <summary>The user a parsed event concerns; null for the other types.</summary>
    public static string? UserIdOf(ClerkEvent evt) =>
        evt.User?.Id
        ?? evt.Membership?.PublicUserData.UserId
        ?? (evt.Type == ClerkEventTypes.UserDeleted ? evt.Deleted?.Id : null);

    /// <summary>
    /// The user a stored body concerns, read by the same parser that accepted it; empty when it names none (another
    /// type, no body, or not a Clerk event), so it is read only once.
    /// </summary>
    public static string UserIdOf(string? body) =>
        body is not null && ClerkEventParser.TryParse(body, out var evt, out _) ? UserIdOf(evt!) ?? "" : "";
}
