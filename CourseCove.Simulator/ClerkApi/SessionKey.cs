using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CourseCove.Simulator.ClerkApi;

/// <summary>
/// The fake Clerk's session-token signing key (RS256, like a Clerk instance's): the fake Frontend API serves its public
/// half at <c>/.well-known/jwks.json</c>, and <see cref="Mint"/> signs development session tokens with the claims Clerk
/// puts in them (v2: <c>o</c> = <c>{"id","rol","slg"}</c>; v1: <c>org_id</c>, <c>org_role</c>, <c>org_slug</c>).
/// </summary>
public sealed class SessionKey : IDisposable
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly RSA _rsa;

    private SessionKey(RSA rsa)
    {
        _rsa = rsa;
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)));
        KeyId = Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint());
        SigningKey = new RsaSecurityKey(rsa) { KeyId = KeyId };
    }

    public string KeyId { get; }
    public SecurityKey SigningKey { get; }

    public static SessionKey Create() => new(RSA.Create(2048));

    /// <summary>The key in PEM (PKCS#1); <see cref="FromPem"/> reads it back.</summary>
    public string ToPem() => _rsa.ExportRSAPrivateKeyPem();

    public static SessionKey FromPem(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new SessionKey(rsa);
    }

    /// <summary>The JWKS document Clerk serves at <c>/.well-known/jwks.json</c>, listing these keys' public halves.</summary>
    public static string Jwks(IEnumerable<SessionKey> keys) => JsonSerializer.Serialize(new { keys = keys.Select(k => k.PublicJwk()) });

    private object PublicJwk()
    {
        var p = _rsa.ExportParameters(false);
        return new { use = "sig", kty = "RSA", kid = KeyId, alg = "RS256", n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) };
    }

    /// <summary>A session token for <paramref name="userId"/>, optionally with an active organization.</summary>
    public string Mint(string issuer, string userId, string? organizationId = null, SessionTokenShape? shape = null)
    {
        var s = shape ?? new SessionTokenShape();
        var now = s.IssuedAt ?? DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = userId,
            ["sid"] = "sess_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = (s.NotBefore ?? now.AddSeconds(-5)).ToUnixTimeSeconds(),
            ["exp"] = (now + s.Lifetime).ToUnixTimeSeconds(),
        };
        if (s.AuthorizedParty is { } azp) claims["azp"] = azp;
        if (s.Version == 2)
        {
            claims["v"] = 2;
            if (organizationId is not null) claims["o"] = new Dictionary<string, object> { ["id"] = organizationId, ["rol"] = s.Role, ["slg"] = s.Slug ?? "" };
        }
        else if (organizationId is not null)
        {
            claims["org_id"] = organizationId;
            claims["org_role"] = "org:" + s.Role;
            claims["org_slug"] = s.Slug ?? "";
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Claims = claims,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    public void Dispose() => _rsa.Dispose();
}

/// <summary>What else a minted token says; the defaults are a fresh, 60-second v2 token like Clerk's.</summary>
public sealed record SessionTokenShape
{
    public int Version { get; init; } = 2;
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromSeconds(60);
    public DateTimeOffset? IssuedAt { get; init; }
    public DateTimeOffset? NotBefore { get; init; }
    public string? AuthorizedParty { get; init; }

    /// <summary>The role in the active organization, without v2's absent "org:" prefix.</summary>
    public string Role { get; init; } = "member";

    public string? Slug { get; init; }
}
