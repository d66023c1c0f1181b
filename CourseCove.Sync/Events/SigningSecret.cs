namespace CourseCove.Sync.Events;

/// <summary>The form of a Svix / Clerk endpoint signing secret: <c>whsec_</c> followed by a base64 key.</summary>
public static class SigningSecret
{
    public const string Prefix = "whsec_";
    public const int MinimumKeyBytes = 16;

    public static bool IsWellFormed(string secret)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var key = secret[Prefix.Length..];
        return Convert.TryFromBase64String(key, new byte[key.Length], out var written) && written >= MinimumKeyBytes;
    }
}
