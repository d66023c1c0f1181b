using CourseCove.Sync.Events;

namespace CourseCove.Sync.Processing;

/// <summary>Which Clerk user a stored body concerns, read by the same parser that accepted it.</summary>
public static class EventSubject
{
    /// <summary>
    /// <c>data.id</c> of a user event, <c>public_user_data.user_id</c> of a membership event; empty when the body names
    /// no user (another type, no body, or not a Clerk event). Parsing in C# cannot fail the way casting every body to
    /// json in SQL would (<c>\u0000</c>, 10,000 levels of nesting).
    /// </summary>
    public static string UserIdOf(string? body)
    {
        if (body is null || !ClerkEventParser.TryParse(body, out var evt, out _))
        {
            return "";
        }

        return evt!.User?.Id
            ?? evt.Membership?.PublicUserData.UserId
            ?? (evt.Type == ClerkEventTypes.UserDeleted ? evt.Deleted?.Id : null)
            ?? "";
    }
}
