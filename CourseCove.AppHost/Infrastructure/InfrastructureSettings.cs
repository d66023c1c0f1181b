using Microsoft.Extensions.Configuration;

namespace CourseCove.AppHost.Infrastructure;

/// <summary>The <c>CourseCove</c> configuration section the AppHost reads, resolved once at start.</summary>
/// <param name="Mode">The raw <c>CourseCove:Infrastructure</c> value (auto when unset).</param>
/// <param name="DataDirectory">Where local data lives: <c>CourseCove:DataDirectory</c>, else <c>&lt;AppHost&gt;/.data</c>.</param>
/// <param name="DataDirectoryConfigured">True when <c>CourseCove:DataDirectory</c> was set (containers then bind-mount it).</param>
/// <param name="PostgresPort">Where PostgreSQL listens on localhost (<c>CourseCove:PostgresPort</c>).</param>
internal sealed record InfrastructureSettings(string? Mode, string DataDirectory, bool DataDirectoryConfigured, int PostgresPort)
{
    public const string DataDirectoryKey = "CourseCove:DataDirectory";
    public const string PostgresPortKey = "CourseCove:PostgresPort";
    // Fixed, so that a shell command (the README's simulator run, psql) finds the database from one run to the next;
    // not 5432, where the distribution's own PostgreSQL usually listens. Tests randomize it (Aspire's testing builder).
    public const int DefaultPostgresPort = 15432;
    private const string DefaultDataFolder = ".data";

    public static InfrastructureSettings From(IConfiguration configuration, string appHostDirectory)
    {
        var configured = configuration[DataDirectoryKey];
        var dataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultDataFolder : configured, appHostDirectory);
        return new(configuration[InfrastructureModeResolver.SettingKey], dataDirectory, !string.IsNullOrWhiteSpace(configured),
            Port(configuration[PostgresPortKey]));
    }

    private static int Port(string? configured) =>
        string.IsNullOrWhiteSpace(configured) ? DefaultPostgresPort
        : int.TryParse(configured, out var port) && port is > 0 and < 65536 ? port
        : throw new InvalidOperationException(
            $"Configuration setting '{PostgresPortKey}' has the value '{configured}', which is not a TCP port (1-65535).");

    public string PostgresDirectory => Path.Combine(DataDirectory, "postgres");

    public string RedisDirectory => Path.Combine(DataDirectory, "redis");
}
