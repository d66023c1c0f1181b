using Microsoft.Extensions.Logging;

namespace CourseCove.AppHost.Infrastructure;

/// <summary>
/// The local PostgreSQL data folder: created with initdb on first start; on later starts the superuser
/// password is set to the AppHost parameter again, so the parameter stays the one source of truth
/// (a cleared user-secrets store would otherwise lock the developer out of their own data).
/// </summary>
internal sealed class PostgresDataFolder(string path, string binDirectory, PostgresAccount account)
{
    // Unix socket paths are limited to 107 bytes; past that the server would not start, so TCP only.
    public string SocketDirectory => path.Length + "/.s.PGSQL.65535".Length < 100 ? path : "";

    public async Task PrepareAsync(string password, ILogger logger, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(path, "PG_VERSION")))
        {
            await SetPasswordAsync(password, cancellationToken);
            return;
        }

        if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
        {
            throw new InvalidOperationException($"'{path}' is not empty and holds no PostgreSQL data folder; move it away to start afresh.");
        }

        logger.LogInformation("Creating the PostgreSQL data folder {DataFolder} (initdb)", path);
        Directory.CreateDirectory(path);
        await account.TakeOwnershipAsync(path, cancellationToken);

        // initdb reads the password from a file; it lives beside the data folder only while initdb runs.
        var passwordFile = Path.Combine(Path.GetDirectoryName(path)!, $".initdb-{Guid.NewGuid():N}");
        try
        {
            await OwnerOnlyFile.WriteAsync(passwordFile, password, cancellationToken);
            await account.TakeOwnershipAsync(passwordFile, cancellationToken);
            var (command, arguments) = account.Wrap(Binary("initdb"),
                "-D", path, "-U", PostgresAccount.UserName, $"--pwfile={passwordFile}",
                "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-instructions");
            var output = await ProcessRunner.RunAsync(command, arguments, null, cancellationToken);
            logger.LogInformation("{InitdbOutput}", output);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    // Single-user mode needs no running server and no password, and reads the statement from stdin (never argv).
    // A failing statement is normally echoed to the log; that statement holds the password, so never echo it.
    private async Task SetPasswordAsync(string password, CancellationToken cancellationToken)
    {
        var (command, arguments) = account.Wrap(Binary("postgres"),
            "--single", "-D", path, "-c", "log_min_error_statement=panic", "postgres");
        var statement = $"ALTER ROLE {PostgresAccount.UserName} WITH PASSWORD '{password.Replace("'", "''")}'\n";
        await ProcessRunner.RunAsync(command, arguments, statement, cancellationToken);
    }

    private string Binary(string name) => Path.Combine(binDirectory, name);
}
