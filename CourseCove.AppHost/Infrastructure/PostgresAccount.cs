namespace CourseCove.AppHost.Infrastructure;

/// <summary>
/// The OS account local PostgreSQL runs as. PostgreSQL refuses to run as root, so a root AppHost
/// (containers, CI) runs it as 'postgres' through setpriv and hands that account the data folder.
/// </summary>
internal sealed record PostgresAccount(bool SwitchToPostgresUser)
{
    public const string UserName = "postgres";

    public static PostgresAccount ForCurrentProcess() => new(Environment.IsPrivilegedProcess);

    /// <summary>The command line that runs <paramref name="executable"/> as this account.</summary>
    public (string Command, string[] Arguments) Wrap(string executable, params string[] arguments) =>
        SwitchToPostgresUser
            ? (Setpriv, ["--reuid=" + UserName, "--regid=" + UserName, "--init-groups", "--", executable, .. arguments])
            : (executable, arguments);

    /// <summary>Makes <paramref name="path"/> (recursively) owned by the account PostgreSQL runs as.</summary>
    public async Task TakeOwnershipAsync(string path, CancellationToken cancellationToken)
    {
        if (SwitchToPostgresUser)
        {
            await ProcessRunner.RunAsync("chown", ["-R", $"{UserName}:{UserName}", path], null, cancellationToken);
        }
    }

    private static string Setpriv =>
        MachineProbes.FindOnPath("setpriv")
        ?? throw new InvalidOperationException(
            "The AppHost runs as root, and PostgreSQL refuses to: 'setpriv' (util-linux) is needed to run it as 'postgres'.");
}
