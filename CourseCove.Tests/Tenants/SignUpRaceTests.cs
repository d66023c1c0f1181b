using System.Net;
using System.Net.Http.Json;
using CourseCove.Api.Tenants;
using CourseCove.Sync.Processing;
using CourseCove.Tests.Infrastructure;

namespace CourseCove.Tests.Tenants;

/// <summary>The browser's first request after sign-up beats the user.created webhook: still a 200, never a 404.</summary>
[Collection(AppHostCollection.Name)]
public sealed class SignUpRaceTests(AppHostFixture app) : IAsyncLifetime
{
    private TenantWorld _world = null!;

    public async Task InitializeAsync() => _world = await TenantWorld.CreateAsync(app);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task TokenFirstWebhookLaterIs200WithTheUser()
    {
        var api = _world.Api();
        Assert.Null(await _world.Env.Db.UserAsync(_world.Newcomer));

        using var response = await TenantWorld.GetAsync(api, "/api/organizations/current/members?limit=100", _world.Token(_world.Newcomer, _world.OrgA));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains((await response.Content.ReadFromJsonAsync<MembersAnswer>())!.Data, m => m.UserId == _world.Newcomer && m.FirstName == "Nina");
        var me = (await (await TenantWorld.GetAsync(api, "/api/me", _world.Token(_world.Newcomer))).Content.ReadFromJsonAsync<MeAnswer>())!;
        Assert.Equal("nina@example.org", me.User.Email);
        Assert.Equal(["Alpha Academy"], me.Organizations.Select(o => o.Name));

        // The webhooks arrive after all: recorded and completed, nothing applied twice or overwritten by older data.
        foreach (var evt in _world.NewcomerEvents)
        {
            Assert.Equal(ProcessingStatus.Completed, (await _world.Env.Db.DeliverAsync(evt.Body, evt.SvixId)).Status);
        }

        Assert.Equal(1, await _world.Env.Db.CountAsync("SELECT count(*) FROM organization_memberships WHERE user_id = $1", _world.Newcomer));
    }

    [Fact]
    public async Task WithoutABackendApiKeyItIs404WithRetryAfter()
    {
        var api = _world.Api(withSecretKey: false);

        using var response = await TenantWorld.GetAsync(api, "/api/me", _world.Token(_world.Newcomer));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }
}
