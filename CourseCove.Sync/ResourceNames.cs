namespace CourseCove.Sync;

/// <summary>Names of the AppHost resources; the AppHost, the services and the tests all use these.</summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string Database = "coursecove";
    public const string Redis = "redis";
    public const string Api = "api";
    public const string Worker = "worker";
    public const string Simulator = "simulator";

    /// <summary>The simulator playing Clerk's Backend API when no real secret key is configured.</summary>
    public const string Clerk = "clerk";
}
