namespace CourseCove.Sync.Processing;

/// <summary>Keys naming a user or organization, used for advisory locks and for parked events' <c>waiting_for</c>.</summary>
public static class DependencyKeys
{
    public const string UserPrefix = "user:";
    public const string OrganizationPrefix = "organization:";

    public static string User(string id) => UserPrefix + id;
    public static string Organization(string id) => OrganizationPrefix + id;
    public static string Membership(string id) => $"membership:{id}";
}
