using System.CommandLine;
using CourseCove.Simulator.ClerkApi;

namespace CourseCove.Simulator.Cli;

/// <summary><c>--mint-token</c>: a development session token, for trying the tenant API from a shell.</summary>
internal static class TokenRunner
{
    public static bool IsRequested(ParseResult parsed) => parsed.GetValue(SimulatorCommand.MintToken) is not null;

    public static int Run(ParseResult parsed)
    {
        var user = parsed.GetValue(SimulatorCommand.MintToken)!;
        var path = parsed.GetValue(SimulatorCommand.SessionKeyPath) ?? SessionKeyFile.DefaultPath;
        if (SessionKeyFile.Load(path) is not var (key, issuer))
        {
            return Usage.Fail([$"No fake Clerk has served session tokens from '{path}' yet: start the AppHost (its 'clerk' resource) or --serve-clerk-api first."]);
        }

        using (key)
        {
            // Only the token on stdout, so that TOKEN=$(...) works; ten minutes, for trying things by hand.
            Console.WriteLine(key.Mint(issuer, user, parsed.GetValue(SimulatorCommand.Org), new SessionTokenShape { Lifetime = TimeSpan.FromMinutes(10) }));
        }

        return 0;
    }
}
