using System.Security.Cryptography;
using CourseCove.Sync;

namespace CourseCove.AppHost.Clerk;

/// <summary>The key the services use for Clerk's Backend API, and the simulator playing it when there is no real one.</summary>
/// <param name="Authority">The Frontend API URL session tokens come from, when one is configured (real Clerk).</param>
internal sealed record ClerkBackendApi(
    IResourceBuilder<ParameterResource> SecretKey, IResourceBuilder<ProjectResource>? Simulated, IResourceBuilder<ParameterResource>? Authority = null);

/// <summary>
/// Clerk's Backend API for the api and the worker. With a real key configured
/// (<c>dotnet user-secrets set Parameters:clerk-secret-key sk_...</c>) they talk to Clerk itself; without one, on F5,
/// the simulator serves a fake Backend API from the same sample history the <c>simulator</c> resource sends as webhooks,
/// so backfill, reconciliation and fetch-on-wait work offline. A published app always needs the real key.
/// </summary>
internal static class ClerkBackendApiExtensions
{
    public const string SecretKeyParameter = "clerk-secret-key";
    public const string AuthorityParameter = "clerk-authority";

    public static ClerkBackendApi AddClerkBackendApi(this IDistributedApplicationBuilder builder)
    {
        var configured = !string.IsNullOrWhiteSpace(builder.Configuration[$"Parameters:{SecretKeyParameter}"]);
        if (configured || !builder.ExecutionContext.IsRunMode)
        {
            var authority = string.IsNullOrWhiteSpace(builder.Configuration[$"Parameters:{AuthorityParameter}"])
                ? null
                : builder.AddParameter(AuthorityParameter);
            return new(builder.AddParameter(SecretKeyParameter, secret: true), null, authority);
        }

        // A development-kind key for the fake only, new each run and never saved: saved, it would look configured.
        var key = builder.AddParameter(SecretKeyParameter,
            "sk_test_simulated_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), secret: true);
        var simulated = builder.AddProject<Projects.CourseCove_Simulator>(ResourceNames.Clerk)
            // Not proxied: the URL the api is given is the one the fake listens on and names as session-token issuer.
            .WithHttpEndpoint(name: "http", isProxied: false)
            .WithHttpHealthCheck("/health")
            .WithEnvironment("Clerk__SecretKey", key);
        var endpoint = simulated.GetEndpoint("http");
        simulated.WithArgs("--serve-clerk-api",
            ReferenceExpression.Create($"http://localhost:{endpoint.Property(EndpointProperty.TargetPort)}"));
        return new(key, simulated);
    }

    /// <summary>
    /// The api's session tokens: issued by the simulator's fake Frontend API on F5 (it serves the JWKS, and
    /// <c>--mint-token</c> signs for it), or by the instance named in <c>Parameters:clerk-authority</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithClerkSessions(this IResourceBuilder<ProjectResource> api, ClerkBackendApi clerk)
    {
        if (clerk.Simulated is { } simulated)
        {
            api.WithEnvironment("Clerk__Authority", simulated.GetEndpoint("http"));
        }
        else if (clerk.Authority is { } authority)
        {
            api.WithEnvironment("Clerk__Authority", authority);
        }

        return api;
    }

    public static IResourceBuilder<ProjectResource> WithClerkBackendApi(this IResourceBuilder<ProjectResource> service, ClerkBackendApi clerk)
    {
        service.WithEnvironment("Clerk__SecretKey", clerk.SecretKey);
        if (clerk.Simulated is { } simulated)
        {
            service.WithEnvironment("Clerk__ApiUrl", ReferenceExpression.Create($"{simulated.GetEndpoint("http")}/v1"))
                .WaitFor(simulated);
        }

        return service;
    }
}
