using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CourseCove.Simulator.ClerkApi;

/// <summary>
/// A fake of Clerk's Backend API serving a <see cref="ClerkSnapshot"/> over HTTP, with Clerk's shapes, paging, 404s,
/// Bearer key check and rate limit (429 + Retry-After). Start one in-process on a free port (tests, benchmarks) or from
/// the command line (<c>--serve-clerk-api</c>); <see cref="ApiUrl"/> is what <c>Clerk:ApiUrl</c> should say.
/// </summary>
public sealed class FakeClerkApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeClerkGate _gate;
    private ClerkSnapshot _snapshot;

    private FakeClerkApi(WebApplication app, FakeClerkGate gate, ClerkSnapshot snapshot) =>
        (_app, _gate, _snapshot) = (app, gate, snapshot);

    /// <summary>The base address including <c>/v1</c>.</summary>
    public Uri ApiUrl { get; private set; } = null!;

    /// <summary>The Frontend API URL its session tokens name as issuer: the base address, without <c>/v1</c>.</summary>
    public string Issuer { get; private set; } = null!;

    public FakeClerkStats Stats => _gate.Stats;

    /// <summary>What Clerk holds from now on (Clerk changed: users deleted, organizations added...).</summary>
    public ClerkSnapshot Snapshot
    {
        get => Volatile.Read(ref _snapshot);
        set => Volatile.Write(ref _snapshot, value);
    }

    /// <summary>
    /// What the list endpoints (and <c>/users/count</c>) show, when it should differ from <see cref="Snapshot"/>: e.g.
    /// objects that offset paging skipped because others were deleted meanwhile, while lookups by id still find them.
    /// </summary>
    public ClerkSnapshot? Lists { get; set; }

    private long _jwksRequests;

    /// <summary>The keys the JWKS lists (an instance rotating its keys lists the new one beside the old).</summary>
    public IReadOnlyList<SessionKey> SessionKeys { get; set; } = [];

    /// <summary>How often the JWKS was fetched: a verifier caches it and refetches for a key id it does not know.</summary>
    public long JwksRequests => Interlocked.Read(ref _jwksRequests);

    /// <summary>From the <paramref name="requestNumber"/>-th request on, every request answers 500.</summary>
    public void FailFrom(long requestNumber) => _gate.FailFrom(requestNumber);

    /// <param name="url">Where to listen, e.g. <c>http://127.0.0.1:0</c> for a free port.</param>
    public static async Task<FakeClerkApi> StartAsync(ClerkSnapshot snapshot, FakeClerkOptions options,
        string url = "http://127.0.0.1:0", CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeClerkApi(app, new FakeClerkGate(options), snapshot);
        app.MapGet("/health", () => "ok");
        // Not Clerk's: what the fake has served, for benchmarks and curious developers.
        app.MapGet("/stats", () => fake.Stats);
        if (options.SessionKey is { } sessionKey)
        {
            fake.SessionKeys = [sessionKey];
            app.MapGet("/.well-known/jwks.json", () =>
            {
                Interlocked.Increment(ref fake._jwksRequests);
                return Results.Text(SessionKey.Jwks(fake.SessionKeys), "application/json");
            });
        }

        var v1 = app.MapGroup("/v1").AddEndpointFilter(fake.GateAsync);
        FakeClerkEndpoints.Map(v1, () => fake.Snapshot, () => fake.Lists ?? fake.Snapshot);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Issuer = address.TrimEnd('/');
        fake.ApiUrl = new Uri(fake.Issuer + "/v1");
        return fake;
    }

    private async ValueTask<object?> GateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (_gate.Admit(http.Request.Headers.Authorization) is not { } refusal)
        {
            return await next(context);
        }

        if (refusal.RetryAfterSeconds > 0)
        {
            http.Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var (code, message) = refusal.Status switch
        {
            StatusCodes.Status401Unauthorized => ("authentication_invalid", "Unauthorized request"),
            StatusCodes.Status429TooManyRequests => ("too_many_requests", "Too Many Requests"),
            _ => ("internal_clerk_error", "Oops, an unexpected error occurred"),
        };
        return FakeClerkEndpoints.Error(refusal.Status, code, message);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
