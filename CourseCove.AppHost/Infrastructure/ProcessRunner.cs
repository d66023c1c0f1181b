using System.Diagnostics;

namespace CourseCove.AppHost.Infrastructure;

/// <summary>Runs a short helper process (initdb, chown, single-user postgres) to completion.</summary>
internal static class ProcessRunner
{
    /// <summary>Runs the command; throws with its output when it fails, so the dashboard log says why.</summary>
    public static async Task<string> RunAsync(
        string command, IReadOnlyList<string> arguments, string? standardInput, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start '{command}'.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var text = (await output + await errors).Trim();
        return process.ExitCode == 0
            ? text
            : throw new InvalidOperationException(
                $"'{Path.GetFileName(command)} {string.Join(' ', arguments)}' exited with code {process.ExitCode}: {text}");
    }
}
