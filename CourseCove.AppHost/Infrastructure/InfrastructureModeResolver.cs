namespace CourseCove.AppHost.Infrastructure;

/// <summary>Chooses containers or local processes from the <c>CourseCove:Infrastructure</c> setting and the machine.</summary>
internal static class InfrastructureModeResolver
{
    public const string SettingKey = "CourseCove:Infrastructure";
    public const string Auto = "auto";
    public const string Containers = "containers";
    public const string Local = "local";

    public static InfrastructureChoice Resolve(string? setting, InfrastructureProbes probes)
    {
        var value = string.IsNullOrWhiteSpace(setting) ? Auto : setting.Trim().ToLowerInvariant();
        return value switch
        {
            Auto => ResolveAutomatically(probes),
            // An explicit choice is honored without probing the runtime: Aspire reports a missing one itself.
            Containers => new InfrastructureChoice(InfrastructureMode.Containers),
            Local => FindLocalBinaries(probes) ?? throw MissingBinaries(probes, containerRuntimeChecked: false),
            _ => throw new InvalidOperationException(
                $"Configuration setting '{SettingKey}' has the value '{setting}', which is not allowed. " +
                $"Use one of: {Auto} (default), {Containers}, {Local} (case-insensitive)."),
        };
    }

    private static InfrastructureChoice ResolveAutomatically(InfrastructureProbes probes) =>
        probes.ContainerRuntimeAnswers()
            ? new InfrastructureChoice(InfrastructureMode.Containers)
            : FindLocalBinaries(probes) ?? throw MissingBinaries(probes, containerRuntimeChecked: true);

    private static InfrastructureChoice? FindLocalBinaries(InfrastructureProbes probes) =>
        (probes.FindPostgresBinDirectory(), probes.FindRedisServer()) is ({ } postgres, { } redis)
            ? new InfrastructureChoice(InfrastructureMode.Local, postgres, redis)
            : null;

    private static InvalidOperationException MissingBinaries(InfrastructureProbes probes, bool containerRuntimeChecked)
    {
        var packages = new List<string>();
        if (probes.FindPostgresBinDirectory() is null)
        {
            packages.Add("postgresql");
        }

        if (probes.FindRedisServer() is null)
        {
            packages.Add("redis-server");
        }

        var install = $"apt-get install {string.Join(' ', packages)}";
        return new InvalidOperationException(containerRuntimeChecked
            ? "CourseCove needs PostgreSQL and Redis, and found no way to run them: no container runtime answered " +
              $"('docker info' / 'podman info') and the local binaries are missing ({string.Join(", ", packages)}). " +
              $"Install Docker (https://docs.docker.com/engine/install/) and start it, or run '{install}'. " +
              $"To choose explicitly, set {SettingKey} to {Containers} or {Local}."
            : $"{SettingKey} is '{Local}' but the local binaries are missing ({string.Join(", ", packages)}). " +
              $"Run '{install}', or set {SettingKey} to {Containers} or {Auto}.");
    }
}
