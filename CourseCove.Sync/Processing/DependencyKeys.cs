namespace CourseCove.Sync.Processing;

/// <summary>Keys naming a user or organization, used for advisory locks and for parked events' <c>waiting_for</c>.</summary>
public static class DependencyKeys
{
    public static string User(string id) => $"user:{id}";
    public static string Organization(string id) => $"organization:{id}";
    public static string Membership(string id) => $"membership:{id}";
}
