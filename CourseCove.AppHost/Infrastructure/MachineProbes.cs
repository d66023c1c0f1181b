using System.Globalization;

namespace CourseCove.AppHost.Infrastructure;

/// <summary>The real probes: ask the container runtime, look for PostgreSQL and Redis binaries.</summary>
internal static class MachineProbes
{
    // A runtime that takes longer than this to answer 'info' is treated as absent: start-up must stay quick.
    private static readonly TimeSpan RuntimeProbeTimeout = TimeSpan.FromSeconds(2);
    private const string PostgresInstallRoot = "/usr/lib/postgresql";

    /// <summary>Probes for this machine; <paramref name="configuredRuntime"/> is ASPIRE_CONTAINER_RUNTIME when set.</summary>
    public static InfrastructureProbes Create(string? configuredRuntime) => new(
        () => (string.IsNullOrWhiteSpace(configuredRuntime) ? ["docker", "podman"] : new[] { configuredRuntime })
            .Any(RuntimeAnswers),
        FindPostgresBinDirectory,
        () => FindOnPath("redis-server"));

    /// <summary>The newest /usr/lib/postgresql/*/bin (Debian, Ubuntu), else postgres and initdb on PATH.</summary>
    public static string? FindPostgresBinDirectory()
    {
        var installed = Directory.Exists(PostgresInstallRoot)
            ? Directory.GetDirectories(PostgresInstallRoot)
                .Select(dir => (Version: decimal.TryParse(Path.GetFileName(dir), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : -1, Bin: Path.Combine(dir, "bin")))
                .Where(candidate => candidate.Version >= 0 && HasPostgresBinaries(candidate.Bin))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => candidate.Bin)
                .FirstOrDefault()
            : null;
        return installed ?? (FindOnPath("postgres") is { } onPath ? ResolveDirectory(onPath) : null);
    }

    public static string? FindOnPath(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, executable))
            .FirstOrDefault(File.Exists);

    private static bool HasPostgresBinaries(string bin) =>
        File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "initdb"));

    // /usr/local/bin/postgres is often a symlink; initdb must come from the same installation.
    private static string? ResolveDirectory(string postgresPath)
    {
        var target = new FileInfo(postgresPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? postgresPath;
        var bin = Path.GetDirectoryName(target);
        return bin is not null && HasPostgresBinaries(bin) ? bin : null;
    }

    private static bool RuntimeAnswers(string runtime)
    {
        if (FindOnPath(runtime) is not { } path)
        {
            return false;
        }

        using var timeout = new CancellationTokenSource(RuntimeProbeTimeout);
        try
        {
            // Start-up is synchronous; the probe runs before anything else exists to wait on.
            ProcessRunner.RunAsync(path, ["info"], null, timeout.Token).GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Too slow, a non-zero exit (no daemon), or not runnable: no usable runtime.
            return false;
        }
    }
}
