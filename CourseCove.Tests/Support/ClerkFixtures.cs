using System.Text.RegularExpressions;

namespace CourseCove.Tests.Support;

/// <summary>
/// The real Clerk example payloads (Fixtures/clerk, see SOURCES.md) with every Clerk id made unique to one test,
/// so tests never share rows: <c>user_29w8...</c> becomes <c>user_29w8...&lt;suffix&gt;</c> consistently.
/// </summary>
public sealed partial class ClerkFixtures
{
    private readonly string _suffix = "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The fixture's body, with ids rewritten.</summary>
    public string Load(string name) =>
        ClerkId().Replace(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "clerk", $"{name}.json")), m => m.Value + _suffix);

    /// <summary>The rewritten form of an id that appears in the fixtures.</summary>
    public string Id(string fixtureId) => fixtureId + _suffix;

    [GeneratedRegex(@"\b(?:user|org|orgmem|orginv|sess|client|idn)_[A-Za-z0-9]{20,}")]
    private static partial Regex ClerkId();
}
