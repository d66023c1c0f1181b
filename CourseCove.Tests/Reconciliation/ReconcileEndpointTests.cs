using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;

namespace CourseCove.Tests.Reconciliation;

/// <summary><c>POST/GET /api/sync/reconcile</c> on an in-process Api; no Worker, so a requested run stays waiting.</summary>
[Collection(AppHostCollection.Name)]
public sealed class ReconcileEndpointTests(AppHostFixture app) : IAsyncLifetime
{
    private const string Key = "reconcile-endpoint-admin-key";
    private IsolatedEnvironment _env = null!;

    public async Task InitializeAsync() => _env = await IsolatedEnvironment.CreateAsync(app);

    public async Task DisposeAsync() => await _env.DisposeAsync();

    private ApiFactory Api(string? secretKey = "sk_test_endpoint") =>
        new(app, [.. _env.Settings, ("Admin:ApiKey", Key), ("Clerk:SecretKey", secretKey), ("Clerk:ApiUrl", "http://127.0.0.1:1/v1")]);

    private static HttpClient Client(ApiFactory api, string? key = Key)
    {
        var client = api.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Fact]
    public async Task ARequestIsAcceptedWithItsRunWhichShowsInClerksTermsUntilAWorkerTakesIt()
    {
        await using var api = Api();
        using var client = Client(api);

        using var first = await client.PostAsync("/api/sync/reconcile", null);
        using var second = await client.PostAsync("/api/sync/reconcile", null);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        using var accepted = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        var id = accepted.RootElement.GetProperty("id").GetGuid();
        Assert.Equal($"/api/sync/reconcile/{id}", first.Headers.Location?.OriginalString);
        // While one run waits for a Worker, asking again returns that same run.
        using var again = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal(id, again.RootElement.GetProperty("id").GetGuid());

        using var shown = JsonDocument.Parse(await client.GetStringAsync($"/api/sync/reconcile/{id}"));
        var run = shown.RootElement;
        Assert.Equal("running", run.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("started_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("finished_at").ValueKind);
        Assert.Equal(0, run.GetProperty("fetched").GetProperty("organizations").GetInt64());
        Assert.Equal(0, run.GetProperty("changed").GetProperty("deleted").GetInt64());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task BothEndpointsNeedTheAdminKey()
    {
        await using var api = Api();
        using var anonymous = Client(api, key: null);
        using var wrong = Client(api, key: "not-the-admin-key-at-all");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/sync/reconcile", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync($"/api/sync/reconcile/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(0, await _env.Db.CountAsync("SELECT count(*) FROM reconcile_runs"));
    }

    [Fact]
    public async Task AnUnknownRunIsNotFound()
    {
        await using var api = Api();
        using var client = Client(api);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/sync/reconcile/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task WithoutAClerkSecretKeyReconciliationIsOff()
    {
        await using var api = Api(secretKey: "");
        using var client = Client(api);

        using var response = await client.PostAsync("/api/sync/reconcile", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Clerk:SecretKey", await response.Content.ReadAsStringAsync());
    }
}
