using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CourseCove.Api.Tenants;

/// <summary>
/// Clerk session tokens through JwtBearer: RS256 signature against the instance's JWKS (cached, refreshed on an unknown
/// key id), <c>exp</c>/<c>nbf</c> with 5 s of clock skew, <c>iss</c> = <c>Clerk:Authority</c>, no audience (Clerk sets
/// none), and <c>azp</c> against <c>Clerk:AuthorizedParties</c> when both are present. Failures answer 401 problem+json.
/// </summary>
internal static class TenantAuthentication
{
    public const string Scheme = "Clerk";
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);

    public static void Configure(JwtBearerOptions jwt, ClerkSessionOptions clerk, IHttpClientFactory http)
    {
        jwt.MapInboundClaims = false;
        jwt.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
            clerk.JwksUri.AbsoluteUri, new JwksRetriever(), new HttpDocumentRetriever(http.CreateClient(Scheme)) { RequireHttps = clerk.JwksUri.Scheme == "https" })
        {
            // A token signed with a key we have not seen refetches the key set, at most this often.
            RefreshInterval = TimeSpan.FromSeconds(30),
        };
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = clerk.Issuer,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = ClockSkew,
            NameClaimType = "sub",
        };
        var parties = clerk.Parties;
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var azp = context.Principal?.FindFirst("azp")?.Value;
                if (parties.Count > 0 && azp is not null && !parties.Contains(azp.TrimEnd('/'), StringComparer.OrdinalIgnoreCase))
                {
                    context.Fail("The token's authorized party (azp) is not in Clerk:AuthorizedParties.");
                }

                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Session token required",
                    detail: context.AuthenticateFailure is null
                        ? "Send Authorization: Bearer <Clerk session token>."
                        : "The session token is not valid here (signature, lifetime, issuer or authorized party).")
                    .ExecuteAsync(context.HttpContext);
            },
        };
    }

    /// <summary>Binds the JwtBearer scheme's options to the Clerk settings once they are validated.</summary>
    internal sealed class Setup(IOptions<ClerkSessionOptions> clerk, IHttpClientFactory http) : IConfigureNamedOptions<JwtBearerOptions>
    {
        public void Configure(string? name, JwtBearerOptions options)
        {
            if (name == Scheme && clerk.Value.IsEnabled)
            {
                TenantAuthentication.Configure(options, clerk.Value, http);
            }
        }

        public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
    }
}
