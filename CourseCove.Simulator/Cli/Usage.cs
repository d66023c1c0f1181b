namespace CourseCove.Simulator.Cli;

/// <summary>How the command line reports bad arguments: each error on stderr, exit code 2.</summary>
internal static class Usage
{
    public const int ExitCode = 2;

    public static int Fail(IReadOnlyList<string> errors)
    {
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"error: {error}");
        }

        Console.Error.WriteLine("Run with --help for the options.");
        return ExitCode;
    }
}
