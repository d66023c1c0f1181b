using System.CommandLine;

namespace CourseCove.Simulator.Cli;

/// <summary>The command line: every option, its default and its help text.</summary>
internal static class SimulatorCommand
{
    public static readonly Option<string?> Target = new("--target")
    { Description = "Api base address (default: $services__api__http__0 or $services__api__https__0, as Aspire injects)" };

    public static readonly Option<string?> Secret = new("--secret")
    { Description = "The endpoint's whsec_... signing secret (default: $Clerk__WebhookSigningSecret)" };

    public static readonly Option<int> Users = new("--users") { Description = "Users created", DefaultValueFactory = _ => 20 };
    public static readonly Option<int> Orgs = new("--orgs") { Description = "Organizations created", DefaultValueFactory = _ => 5 };
    public static readonly Option<int> Memberships = new("--memberships") { Description = "Memberships created", DefaultValueFactory = _ => 40 };
    public static readonly Option<int> Updates = new("--updates") { Description = "User, organization and role updates", DefaultValueFactory = _ => 30 };
    public static readonly Option<int> Deletes = new("--deletes") { Description = "Membership removals (some re-added), user and organization deletions", DefaultValueFactory = _ => 8 };
    public static readonly Option<int> Seed = new("--seed") { Description = "Seed of the history, the order and the duplicates", DefaultValueFactory = _ => 42 };
    public static readonly Option<int> Concurrency = new("--concurrency") { Description = "Requests in flight at once", DefaultValueFactory = _ => 8 };
    public static readonly Option<string> Order = new("--order") { Description = "inorder | shuffled | window:N", DefaultValueFactory = _ => "inorder" };
    public static readonly Option<double> Duplicates = new("--duplicates") { Description = "Share of events delivered twice (0 to 1)", DefaultValueFactory = _ => 0 };
    public static readonly Option<double> TimeScale = new("--time-scale") { Description = "Run Svix's retry schedule this many times faster", DefaultValueFactory = _ => 1 };
    public static readonly Option<int> MaxAttempts = new("--max-attempts") { Description = "Attempts per delivery before giving up (Svix: 8)", DefaultValueFactory = _ => 8 };
    public static readonly Option<bool> Race = new("--race") { Description = "Send each organizationMembership.created 0-300 ms before its user and organization" };
    public static readonly Option<double?> Rate = new("--rate") { Description = "Steady rate in deliveries per second" };
    public static readonly Option<string?> Duration = new("--duration") { Description = "How long a --rate run lasts, e.g. 30s (default 30s)" };

    public static readonly Option<string?> Verify = new("--verify")
    { Description = "PostgreSQL connection string to verify against (default: $ConnectionStrings__coursecove)" };

    public static readonly Option<string?> HandOff = new("--hand-off")
    { Description = "Redis connection string: record each event pending (in --verify's database) and put it on the Worker's stream, as the Api's hand-off does, instead of posting it" };

    public static readonly Option<bool> VerifyOnly = new("--verify-only")
    { Description = "Deliver nothing: only verify --verify's database against the history (e.g. after a run whose load was measured alone)" };

    public static readonly Option<string> ConsistencyTimeout = new("--consistency-timeout")
    { Description = "How long --verify waits for the database to catch up", DefaultValueFactory = _ => "60s" };

    public static readonly Option<string?> ServeClerkApi = new("--serve-clerk-api")
    { Description = "Instead of delivering, serve a fake Clerk Backend API from the history's final state at this address (e.g. http://127.0.0.1:5090; the API is under /v1) until stopped" };

    public static readonly Option<string?> ClerkSecretKey = new("--clerk-secret-key")
    { Description = "The sk_... key the fake Backend API accepts (default: $Clerk__SecretKey)" };

    public static readonly Option<string?> SessionKeyPath = new("--session-key")
    { Description = "With --serve-clerk-api or --mint-token: the file holding the fake Clerk's session-token key and issuer (default: <temp>/coursecove/dev-session-key.json)" };

    public static readonly Option<string?> MintToken = new("--mint-token")
    { Description = "Print a development session token for this user id ('sample': a member of the sample history), signed by the fake Clerk last served here (the AppHost's 'clerk' resource), and exit" };

    public static readonly Option<string?> Org = new("--org")
    { Description = "With --mint-token: the session's active organization id" };

    public static readonly Option<string?> ClerkRateLimit = new("--clerk-rate-limit")
    { Description = "The fake Backend API's rate limit, e.g. 1000/10s (default: Clerk's, 1000/10s for sk_live_ keys, else 100/10s)" };

    public static RootCommand Create()
    {
        var root = new RootCommand("CourseCove simulator: a Clerk in a box. Generates a Clerk history, delivers it like Svix, "
            + "and verifies that PostgreSQL converged to Clerk's truth.");
        foreach (var option in new Option[]
                 {
                     Target, Secret, Users, Orgs, Memberships, Updates, Deletes, Seed, Concurrency, Order, Duplicates,
                     TimeScale, MaxAttempts, Race, Rate, Duration, Verify, VerifyOnly, HandOff, ConsistencyTimeout,
                     ServeClerkApi, ClerkSecretKey, ClerkRateLimit, SessionKeyPath, MintToken, Org,
                 })
        {
            root.Add(option);
        }

        return root;
    }
}
