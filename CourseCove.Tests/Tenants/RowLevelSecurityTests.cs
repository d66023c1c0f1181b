using System.Net.Http.Json;
using CourseCove.Api.Tenants;
using CourseCove.Sync.Data;
using CourseCove.Tests.Infrastructure;
using Npgsql;

namespace CourseCove.Tests.Tenants;

/// <summary>The isolation is PostgreSQL's: the role and its policies, whatever the code above them does.</summary>
[Collection(AppHostCollection.Name)]
public sealed class RowLevelSecurityTests(AppHostFixture app) : IAsyncLifetime
{
    private static readonly string[] Tables = ["users", "organizations", "organization_memberships"];
    private TenantWorld _world = null!;

    public async Task InitializeAsync() => _world = await TenantWorld.CreateAsync(app);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    /// <summary>Counts rows as the tenant role, with the given settings (null: not set at all), in a transaction.</summary>
    private async Task<long> CountAsTenantAsync(string sql, string? userId, string? orgId)
    {
        await using var db = new NpgsqlConnection(_world.Env.DatabaseConnectionString);
        await db.OpenAsync();
        await using var tx = await db.BeginTransactionAsync();
        await using (var role = new NpgsqlCommand($"SET LOCAL ROLE {TenantAccess.Role}", db, tx))
        {
            await role.ExecuteNonQueryAsync();
        }

        foreach (var (setting, value) in new[] { (TenantAccess.UserSetting, userId), (TenantAccess.OrganizationSetting, orgId) })
        {
            if (value is null) continue;
            await using var set = new NpgsqlCommand("SELECT set_config($1, $2, true)", db, tx) { Parameters = { new() { Value = setting }, new() { Value = value } } };
            await set.ExecuteNonQueryAsync();
        }

        await using var count = new NpgsqlCommand(sql, db, tx);
        return Convert.ToInt64(await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task WithNoSettingsTheTenantRoleSeesNothing()
    {
        Assert.True(await _world.Env.Db.CountAsync("SELECT count(*) FROM users") > 0);
        foreach (var table in Tables)
        {
            Assert.Equal(0, await CountAsTenantAsync($"SELECT count(*) FROM {table}", null, null));
        }
    }

    [Fact]
    public async Task WithOrganizationASetNoRowOfBIsVisible()
    {
        Assert.Equal(0, await CountAsTenantAsync($"SELECT count(*) FROM organizations WHERE id = '{_world.OrgB}'", null, _world.OrgA));
        Assert.Equal(0, await CountAsTenantAsync($"SELECT count(*) FROM organization_memberships WHERE organization_id = '{_world.OrgB}'", null, _world.OrgA));
        Assert.Equal(0, await CountAsTenantAsync($"SELECT count(*) FROM users WHERE id = '{_world.Carol}'", null, _world.OrgA));
        // A's own: its row, its three stored memberships, their users.
        Assert.Equal((1L, 3L, 3L), (
            await CountAsTenantAsync("SELECT count(*) FROM organizations", null, _world.OrgA),
            await CountAsTenantAsync("SELECT count(*) FROM organization_memberships", null, _world.OrgA),
            await CountAsTenantAsync("SELECT count(*) FROM users", null, _world.OrgA)));
    }

    [Fact]
    public async Task TheTenantRoleCannotBypassAndTheTablesForceTheirPolicies()
    {
        Assert.Equal(0, await _world.Env.Db.CountAsync($"SELECT count(*) FROM pg_roles WHERE rolname = '{TenantAccess.Role}' AND (rolbypassrls OR rolcanlogin OR rolsuper)"));
        Assert.Equal(1, await _world.Env.Db.CountAsync($"SELECT count(*) FROM pg_roles WHERE rolname = '{TenantAccess.Role}'"));
        foreach (var table in Tables)
        {
            Assert.Equal(1, await _world.Env.Db.CountAsync(
                $"SELECT count(*) FROM pg_class WHERE relname = '{table}' AND relrowsecurity AND relforcerowsecurity"));
        }
    }

    [Fact]
    public async Task TheTenantRoleCannotWrite()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            CountAsTenantAsync($"WITH d AS (DELETE FROM users RETURNING 1) SELECT count(*) FROM d", _world.Alice, _world.OrgA));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task ThousandInterleavedRequestsOfTwoTenantsOnTwoConnectionsNeverSeeAForeignRow()
    {
        // A pool of two connections that are never reset: a session-level setting would leak into the next request.
        var api = _world.Api(settings: ("ConnectionStrings:coursecove", _world.Env.DatabaseConnectionString + ";Maximum Pool Size=2"));
        var (alice, carol) = (_world.Token(_world.Alice, _world.OrgA), _world.Token(_world.Carol, _world.OrgB));
        var foreign = 0;

        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var (token, own, other) = i % 2 == 0 ? (alice, _world.OrgA, _world.OrgB) : (carol, _world.OrgB, _world.OrgA);
            using var response = await TenantWorld.GetAsync(api, "/api/organizations/current/members?limit=100", token);
            var members = (await response.Content.ReadFromJsonAsync<MembersAnswer>(ct))!;
            var expected = i % 2 == 0 ? new[] { _world.Alice, _world.Bob, _world.Erin } : [_world.Carol, _world.Erin];
            if (!members.Data.Select(m => m.UserId).Order().SequenceEqual(expected.Order()))
            {
                Interlocked.Increment(ref foreign);
            }
        });

        Assert.Equal(0, foreign);
    }
}
