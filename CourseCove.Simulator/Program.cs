using CourseCove.Simulator.Cli;

var root = SimulatorCommand.Create();
root.SetAction(async (result, ct) =>
{
    if (TokenRunner.IsRequested(result))
    {
        return TokenRunner.Run(result);
    }

    if (ClerkApiSettings.IsRequested(result))
    {
        var (clerk, clerkErrors) = ClerkApiSettings.From(result, Environment.GetEnvironmentVariable);
        return clerk is null ? Usage.Fail(clerkErrors) : await ClerkApiRunner.RunAsync(clerk, ct);
    }

    var (settings, errors) = SimulatorSettings.From(result, Environment.GetEnvironmentVariable);
    return settings is null ? Usage.Fail(errors) : await SimulatorRunner.RunAsync(settings, ct);
});
var parsed = root.Parse(args);

// Usage errors exit with 2, whatever System.CommandLine's own default is.
return parsed.Errors.Count > 0
    ? Usage.Fail(parsed.Errors.Select(e => e.Message).ToArray())
    : await parsed.InvokeAsync();
