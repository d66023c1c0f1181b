using System.Net;
using System.Net.Http.Json;
using CourseCove.Api.Tenants;
using CourseCove.Simulator.ClerkApi;
using CourseCove.Tests.Infrastructure;

namespace CourseCove.Tests.Tenants;

/// <summary>What the endpoints show: the signed-in user and the active organization, never another tenant's rows.</summary>
[Collection(AppHostCollection.Name)]
public sealed class TenantIsolationTests(AppHostFixture app) : IAsyncLifetime
{
    private TenantWorld _world = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _world = await TenantWorld.CreateAsync(app);
        _api = _world.Api();
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private async Task<T> GetAsync<T>(string path, string token)
    {
        using var response = await TenantWorld.GetAsync(_api, path, token);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    [Fact]
    public async Task MeShowsTheUserAndTheirOrganizationsOnly()
    {
        var me = await GetAsync<MeAnswer>("/api/me", _world.Token(_world.Erin));

        Assert.Equal((_world.Erin, "erin@example.org", "Erin"), (me.User.Id, me.User.Email, me.User.FirstName));
        Assert.Equal([("Alpha Academy", "org:member"), ("Beta Bootcamp", "org:instructor")], me.Organizations.Select(o => (o.Name, o.Role!)));

        var alice = await GetAsync<MeAnswer>("/api/me", _world.Token(_world.Alice, _world.OrgA));
        Assert.Equal(["Alpha Academy"], alice.Organizations.Select(o => o.Name));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public async Task TheActiveOrganizationComesFromVersion1And2Claims(int version)
    {
        var current = await GetAsync<OrganizationAnswer>("/api/organizations/current",
            _world.Token(_world.Carol, _world.OrgB, new SessionTokenShape { Version = version, Role = "admin", Slug = "beta" }));

        Assert.Equal(new OrganizationAnswer(_world.OrgB, "Beta Bootcamp", "beta", "org:admin"), current);
    }

    [Fact]
    public async Task MembersAreTheActiveOrganizationsOnlyOrderedByName()
    {
        var members = await GetAsync<MembersAnswer>("/api/organizations/current/members?limit=100", _world.Token(_world.Alice, _world.OrgA));

        Assert.Equal(3, members.TotalCount);
        Assert.Equal(["Alice", "Bob", "Erin"], members.Data.Select(m => m.FirstName));
        Assert.DoesNotContain(members.Data, m => m.UserId == _world.Carol);
    }

    [Fact]
    public async Task NoParameterReachesAnotherOrganization()
    {
        var token = _world.Token(_world.Alice, _world.OrgA);
        foreach (var path in new[]
                 {
                     $"/api/organizations/current/members?organization_id={_world.OrgB}&org_id={_world.OrgB}&limit=100",
                     $"/api/organizations/current/members?limit=100&offset=0&o={_world.OrgB}",
                     $"/api/organizations/current?organization_id={_world.OrgB}",
                     $"/api/me?user_id={_world.Carol}",
                 })
        {
            using var response = await TenantWorld.GetAsync(_api, path, token);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(_world.OrgB, body);
            Assert.DoesNotContain(_world.Carol, body);
            Assert.DoesNotContain("Beta Bootcamp", body);
        }
    }

    [Fact]
    public async Task ATokenWhoseActiveOrganizationIsNotTheirsIs403()
    {
        // Clerk would never issue it; if a bug above the database did, the policies still show no row of B.
        using var response = await TenantWorld.GetAsync(_api, "/api/organizations/current/members", _world.Token(_world.Alice, _world.OrgB));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(_world.Carol, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WithoutAnActiveOrganizationTheOrganizationEndpointsAre403()
    {
        var token = _world.Token(_world.Bob);
        foreach (var path in new[] { "/api/organizations/current", "/api/organizations/current/members" })
        {
            using var response = await TenantWorld.GetAsync(_api, path, token);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task PagesAreBoundedAndOrdered()
    {
        var token = _world.Token(_world.Alice, _world.OrgA);
        var second = await GetAsync<MembersAnswer>("/api/organizations/current/members?limit=2&offset=2", token);
        Assert.Equal(3L, second.TotalCount);
        Assert.Equal(["Erin"], second.Data.Select(m => m.FirstName));

        using var tooMany = await TenantWorld.GetAsync(_api, "/api/organizations/current/members?limit=101", token);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }

    [Fact]
    public async Task ADeletedUserIs401AndAMemberOfADeletedOrganization403()
    {
        await _world.Env.Db.DeliverAsync(Support.ClerkEvents.Deleted("user.deleted", _world.Bob, 500));
        await _world.Env.Db.DeliverAsync(Support.ClerkEvents.Deleted("organization.deleted", _world.OrgB, 500));

        using var deletedUser = await TenantWorld.GetAsync(_api, "/api/me", _world.Token(_world.Bob, _world.OrgA));
        Assert.Equal(HttpStatusCode.Unauthorized, deletedUser.StatusCode);
        using var deletedOrg = await TenantWorld.GetAsync(_api, "/api/organizations/current", _world.Token(_world.Carol, _world.OrgB));
        Assert.Equal(HttpStatusCode.Forbidden, deletedOrg.StatusCode);
    }
}
