using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace CourseCove.Api.Webhooks;

/// <summary>
/// Svix / Standard Webhooks verification of the raw body. The HMAC comes from the StandardWebhooks library; its own
/// Verify reads the wall clock and takes one secret and one header branding, so the header parsing, the 5-minute
/// tolerance (on an injectable clock), rotation and the constant-time comparison (the library's is internal) live here.
/// </summary>
public sealed class SignatureVerifier(IOptions<ClerkOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private const int MaxIdLength = 256;

    private readonly StandardWebhook[] _keys = options.Value.Secrets.Select(s => new StandardWebhook(s)).ToArray();

    public VerificationResult Verify(IHeaderDictionary headers, string body)
    {
        // Svix's branded headers, else the unbranded Standard Webhooks ones; never a mix.
        var prefix = headers.ContainsKey("svix-id") ? "svix" : "webhook";
        var id = headers[$"{prefix}-id"].ToString();
        var timestampHeader = headers[$"{prefix}-timestamp"].ToString();
        var signatureHeader = headers[$"{prefix}-signature"].ToString();

        if (id.Length == 0 || timestampHeader.Length == 0 || signatureHeader.Length == 0)
        {
            return VerificationResult.Malformed(
                "Missing headers: svix-id, svix-timestamp and svix-signature (or webhook-id, webhook-timestamp and webhook-signature) are required.");
        }

        if (id.Length > MaxIdLength)
        {
            return VerificationResult.Malformed($"{prefix}-id is longer than {MaxIdLength} characters.");
        }

        if (!long.TryParse(timestampHeader, System.Globalization.NumberStyles.None, null, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return VerificationResult.Malformed($"{prefix}-timestamp must be a Unix time in seconds.");
        }

        var signatures = signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!signatures.Any(s => s.IndexOf(',') > 0))
        {
            return VerificationResult.Malformed($"{prefix}-signature must hold one or more space-separated 'v1,<base64>' entries.");
        }

        var timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((clock.GetUtcNow() - timestamp).Duration() > Tolerance)
        {
            return VerificationResult.Unauthorized($"{prefix}-timestamp is more than 5 minutes away from the server's clock.");
        }

        foreach (var key in _keys)
        {
            // "v1,<base64>"; other versions are skipped.
            var expected = key.Sign(id, timestamp, body).AsSpan(3);
            foreach (var signature in signatures)
            {
                if (signature.StartsWith("v1,", StringComparison.Ordinal)
                    && CryptographicOperations.FixedTimeEquals(
                        MemoryMarshal.AsBytes(expected), MemoryMarshal.AsBytes(signature.AsSpan(3))))
                {
                    return VerificationResult.Verified(id);
                }
            }
        }

        return VerificationResult.Unauthorized("No signature matches the body with the configured signing secret(s).");
    }
}

/// <summary>What verification concluded: verified (with the svix-id), malformed (400) or unauthorized (401).</summary>
public sealed record VerificationResult(VerificationStatus Status, string? WebhookId, string? Error)
{
    public static VerificationResult Verified(string id) => new(VerificationStatus.Verified, id, null);
    public static VerificationResult Malformed(string error) => new(VerificationStatus.Malformed, null, error);
    public static VerificationResult Unauthorized(string error) => new(VerificationStatus.Unauthorized, null, error);
}

public enum VerificationStatus
{
    Verified,
    Malformed,
    Unauthorized,
}
