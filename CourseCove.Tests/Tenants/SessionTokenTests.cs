using System.Net;
using Microsoft.AspNetCore.Hosting;
using CourseCove.Simulator.ClerkApi;
using CourseCove.Tests.Infrastructure;

namespace CourseCove.Tests.Tenants;

/// <summary>Only a Clerk session token of this instance, in date, for an allowed origin, opens the tenant API.</summary>
[Collection(AppHostCollection.Name)]
public sealed class SessionTokenTests(AppHostFixture app) : IAsyncLifetime
{
    private const string App = "https://app.example.com";
    private TenantWorld _world = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _world = await TenantWorld.CreateAsync(app);
        _api = _world.Api(settings: ("Clerk:AuthorizedParties", $"{App} https://admin.example.com"));
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<HttpStatusCode> MeAsync(string? token)
    {
        using var response = await TenantWorld.GetAsync(_api, "/api/me", token);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return response.StatusCode;
    }

    [Fact]
    public async Task AValidTokenOpensIt() =>
        Assert.Equal(HttpStatusCode.OK, await MeAsync(_world.Token(_world.Alice, shape: new() { AuthorizedParty = App })));

    [Fact]
    public async Task NoTokenIs401() => Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(null));

    [Fact]
    public async Task ATokenSignedWithAnotherKeyIs401()
    {
        using var stranger = SessionKey.Create();
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(stranger.Mint(_world.Clerk.Issuer, _world.Alice)));
    }

    [Fact]
    public async Task AnExpiredTokenIs401() => Assert.Equal(HttpStatusCode.Unauthorized,
        await MeAsync(_world.Token(_world.Alice, shape: new() { IssuedAt = DateTimeOffset.UtcNow.AddMinutes(-5) })));

    [Fact]
    public async Task ATokenNotValidBeforeLaterIs401() => Assert.Equal(HttpStatusCode.Unauthorized,
        await MeAsync(_world.Token(_world.Alice, shape: new() { NotBefore = DateTimeOffset.UtcNow.AddMinutes(2) })));

    [Fact]
    public async Task ATokenOfAnotherIssuerIs401() => Assert.Equal(HttpStatusCode.Unauthorized,
        await MeAsync(_world.Key.Mint("https://clerk.someone-else.example", _world.Alice)));

    [Fact]
    public async Task ATokenForAnOriginNotAllowedIs401() => Assert.Equal(HttpStatusCode.Unauthorized,
        await MeAsync(_world.Token(_world.Alice, shape: new() { AuthorizedParty = "https://evil.example.com" })));

    [Fact]
    public async Task AuthorizedPartiesCanBeConfiguredAsAList()
    {
        var api = _world.Api(settings: [("Clerk:AuthorizedParties:0", "https://admin.example.com"), ("Clerk:AuthorizedParties:1", App)]);

        using var allowed = await TenantWorld.GetAsync(api, "/api/me", _world.Token(_world.Alice, shape: new() { AuthorizedParty = App }));
        using var refused = await TenantWorld.GetAsync(api, "/api/me",
            _world.Token(_world.Alice, shape: new() { AuthorizedParty = "https://evil.example.com" }));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task ATokenWithoutAnAuthorizedPartyIsAccepted() =>
        Assert.Equal(HttpStatusCode.OK, await MeAsync(_world.Token(_world.Alice)));

    [Fact]
    public async Task AGarbledTokenIs401() => Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync("not.a.token"));

    [Fact]
    public async Task KeysAreCachedAndFetchedAgainForAKeyIdNotSeenBefore()
    {
        Assert.Equal(HttpStatusCode.OK, await MeAsync(_world.Token(_world.Alice)));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(_world.Token(_world.Bob)));
        var fetched = _world.Clerk.JwksRequests;

        // The instance rotates its signing key: the JWKS lists the new one beside the old.
        using var rotated = SessionKey.Create();
        _world.Clerk.SessionKeys = [_world.Key, rotated];
        var statuses = new List<HttpStatusCode>();
        // The unknown key id asks for a refresh, which the configuration manager runs in the background: the requests
        // that race it are still answered from the old keys (401) until it lands. Up to 5 s for it.
        for (var i = 0; i < 50 && statuses.LastOrDefault() != HttpStatusCode.OK; i++)
        {
            if (i > 0)
            {
                await Task.Delay(100);
            }

            statuses.Add(await MeAsync(rotated.Mint(_world.Clerk.Issuer, _world.Alice)));
        }

        Assert.Equal(HttpStatusCode.OK, statuses.Last());
        Assert.Equal(1, fetched); // cached: two tokens, one fetch
        Assert.Equal(2, _world.Clerk.JwksRequests); // one more, for the key id it did not know
    }

    [Fact]
    public async Task ApiRefusesToStartWithAPlainHttpAuthorityOutsideDevelopment()
    {
        await using var api = new Support.ApiFactory(app, [.. _world.Env.Settings, ("Clerk:Authority", "http://clerk.example.com")]);
        var production = api.WithWebHostBuilder(b => b.UseEnvironment("Production"));

        var error = Assert.ThrowsAny<Exception>(() => production.CreateClient());

        Assert.Contains("Clerk:Authority", error.ToString());
    }
}
