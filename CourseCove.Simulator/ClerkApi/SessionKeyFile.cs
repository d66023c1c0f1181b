using System.Text.Json;

namespace CourseCove.Simulator.ClerkApi;

/// <summary>
/// Where a serving fake Clerk keeps its session-token key and the issuer it serves at, so that <c>--mint-token</c>, run
/// later from a shell, signs tokens that running Api accepts. Development only: the key signs nothing real.
/// </summary>
public static class SessionKeyFile
{
    public static string DefaultPath => Path.Combine(Path.GetTempPath(), "coursecove", "dev-session-key.json");

    private sealed record Stored(string Issuer, string Pem);

    /// <summary>The stored key (the same one across restarts, so earlier tokens stay valid), or a new one.</summary>
    public static SessionKey LoadOrCreate(string path) =>
        File.Exists(path) && Read(path) is { } stored ? SessionKey.FromPem(stored.Pem) : SessionKey.Create();

    /// <summary>Records the key and the issuer it is served at, readable by the owner only.</summary>
    public static void Save(string path, SessionKey key, string issuer)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new StreamWriter(path, options);
        file.Write(JsonSerializer.Serialize(new Stored(issuer, key.ToPem())));
    }

    /// <summary>The key and issuer a fake Clerk last served, or null when none has run here.</summary>
    public static (SessionKey Key, string Issuer)? Load(string path) =>
        File.Exists(path) && Read(path) is { } stored ? (SessionKey.FromPem(stored.Pem), stored.Issuer) : null;

    private static Stored? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Stored>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
