using System.CommandLine;
using CourseCove.Simulator.ClerkApi;
using CourseCove.Simulator.History;

namespace CourseCove.Simulator.Cli;

/// <summary><c>--mint-token</c>: a development session token, for trying the tenant API from a shell.</summary>
internal static class TokenRunner
{
    /// <summary><c>--mint-token sample</c>: a member of the sample history, in their organization.</summary>
    public const string Sample = "sample";

    public static bool IsRequested(ParseResult parsed) => parsed.GetValue(SimulatorCommand.MintToken) is not null;

    public static int Run(ParseResult parsed)
    {
        var user = parsed.GetValue(SimulatorCommand.MintToken)!;
        var organization = parsed.GetValue(SimulatorCommand.Org);
        if (user == Sample)
        {
            // The sample history the AppHost's clerk resource serves (same options, same seed): its first member.
            var member = ClerkSnapshot.From(HistoryGenerator.Generate(SimulatorSettings.HistoryFrom(parsed))).Memberships[0];
            (user, organization) = (member.UserId!, organization ?? member.OrganizationId);
            Console.Error.WriteLine($"A session of sample user {user} with active organization {organization}.");
        }

        var path = parsed.GetValue(SimulatorCommand.SessionKeyPath) ?? SessionKeyFile.DefaultPath;
        if (SessionKeyFile.Load(path) is not var (key, issuer))
        {
            return Usage.Fail([$"No fake Clerk has served session tokens from '{path}' yet: start the AppHost (its 'clerk' resource) or --serve-clerk-api first."]);
        }

        using (key)
        {
            // Only the token on stdout, so that TOKEN=$(...) works; ten minutes, for trying things by hand.
            Console.WriteLine(key.Mint(issuer, user, organization, new SessionTokenShape { Lifetime = TimeSpan.FromMinutes(10) }));
        }

        return 0;
    }
}
