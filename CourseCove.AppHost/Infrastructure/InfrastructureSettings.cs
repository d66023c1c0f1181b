using Microsoft.Extensions.Configuration;

namespace CourseCove.AppHost.Infrastructure;

/// <summary>The <c>CourseCove</c> configuration section the AppHost reads, resolved once at start.</summary>
/// <param name="Mode">The raw <c>CourseCove:Infrastructure</c> value (auto when unset).</param>
/// <param name="DataDirectory">Where local data lives: <c>CourseCove:DataDirectory</c>, else <c>&lt;AppHost&gt;/.data</c>.</param>
/// <param name="DataDirectoryConfigured">True when <c>CourseCove:DataDirectory</c> was set (containers then bind-mount it).</param>
internal sealed record InfrastructureSettings(string? Mode, string DataDirectory, bool DataDirectoryConfigured)
{
    public const string DataDirectoryKey = "CourseCove:DataDirectory";
    private const string DefaultDataFolder = ".data";

    public static InfrastructureSettings From(IConfiguration configuration, string appHostDirectory)
    {
        var configured = configuration[DataDirectoryKey];
        var dataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultDataFolder : configured, appHostDirectory);
        return new(configuration[InfrastructureModeResolver.SettingKey], dataDirectory, !string.IsNullOrWhiteSpace(configured));
    }

    public string PostgresDirectory => Path.Combine(DataDirectory, "postgres");

    public string RedisDirectory => Path.Combine(DataDirectory, "redis");
}
