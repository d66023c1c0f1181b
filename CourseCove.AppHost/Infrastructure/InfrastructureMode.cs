namespace CourseCove.AppHost.Infrastructure;

/// <summary>How PostgreSQL and Redis run for this AppHost.</summary>
internal enum InfrastructureMode
{
    /// <summary>Aspire's standard containers (needs Docker or Podman).</summary>
    Containers,

    /// <summary>The machine's own postgres and redis-server binaries, started as local processes.</summary>
    Local,
}

/// <summary>What the machine offers. Injected so the choice can be tested without Docker.</summary>
/// <param name="ContainerRuntimeAnswers">True when <c>docker info</c> (or <c>podman info</c>) succeeds quickly.</param>
/// <param name="FindPostgresBinDirectory">The folder holding <c>postgres</c> and <c>initdb</c>, or null.</param>
/// <param name="FindRedisServer">The path of <c>redis-server</c>, or null.</param>
internal sealed record InfrastructureProbes(
    Func<bool> ContainerRuntimeAnswers,
    Func<string?> FindPostgresBinDirectory,
    Func<string?> FindRedisServer);

/// <summary>The chosen mode; in local mode also where the binaries are.</summary>
internal sealed record InfrastructureChoice(InfrastructureMode Mode, string? PostgresBinDirectory = null, string? RedisServerPath = null);
