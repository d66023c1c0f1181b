using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Monitoring;

/// <summary>The admin key (missing, wrong, right, unset) and the stats JSON against the rows in the database.</summary>
[Collection(AppHostCollection.Name)]
public sealed class AdminEndpointTests(AppHostFixture app)
{
    private const string Key = "admin-endpoint-tests-key-0123456789";

    private static HttpRequestMessage Get(string path, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-key-wrong-key-wrong-key", HttpStatusCode.Unauthorized)]
    [InlineData(Key, HttpStatusCode.OK)]
    public async Task StatsRequireTheAdminKey(string? presented, HttpStatusCode expected)
    {
        await using var api = new ApiFactory(app, ("Admin:ApiKey", Key));
        using var response = await api.CreateClient().SendAsync(Get("/api/webhooks/stats", presented));
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task AdminEndpointsAreOffWithoutAKey()
    {
        await using var api = new ApiFactory(app, ("Admin:ApiKey", ""));
        var client = api.CreateClient();

        using var stats = await client.SendAsync(Get("/api/webhooks/stats", Key));
        using var replay = await client.PostAsJsonAsync("/api/webhooks/replay", new { });

        Assert.Equal(HttpStatusCode.NotFound, stats.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
    }

    [Fact]
    public async Task ReplayRequiresTheAdminKey()
    {
        await using var api = new ApiFactory(app, ("Admin:ApiKey", Key));
        using var response = await api.CreateClient().PostAsJsonAsync("/api/webhooks/replay", new { });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task StatsMatchTheRowsInTheDatabase()
    {
        await using var env = await IsolatedEnvironment.CreateAsync(app);
        await using var api = new ApiFactory(app, [.. env.Settings, ("Admin:ApiKey", Key)]);
        var client = api.CreateClient();
        var sender = new WebhookSender(client, app.SigningSecret);
        for (var i = 0; i < 3; i++) await sender.SendAsync(User(UserCreated, NewId("user"), 100));
        await sender.SendAsync(Membership(MembershipCreated, NewId("orgmem"), NewId("org"), NewId("user"), 100));
        await env.Db.DeliverAsync(User(UserCreated, NewId("user"), 100)); // completed by the "Worker"
        var failed = NewId("msg");
        await env.Db.DeliverAsync(User(UserCreated, NewId("user"), 100), failed);
        await env.Db.ExecuteAsync("UPDATE webhook_events SET status = 'failed' WHERE webhook_id = $1", failed);
        await env.Db.ExecuteAsync("UPDATE webhook_events SET created_at = now() - interval '3 hours' WHERE webhook_id = $1", failed);

        using var response = await client.SendAsync(Get("/api/webhooks/stats?hours=24", Key));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(24, json.GetProperty("window_hours").GetInt32());
        Assert.Equal(6, json.GetProperty("total").GetInt64());
        var paths = json.GetProperty("paths");
        Assert.Equal(3, paths.GetProperty("fast_path").GetProperty("count").GetInt64());
        Assert.Equal(50.0, paths.GetProperty("fast_path").GetProperty("percentage").GetDouble());
        Assert.Equal(1, paths.GetProperty("slow_path").GetProperty("count").GetInt64());
        Assert.Equal(1, paths.GetProperty("failed").GetProperty("count").GetInt64());
        Assert.Equal(1, paths.GetProperty("pending").GetProperty("count").GetInt64());
        Assert.True(json.GetProperty("p50_ms").GetDouble() >= 0);
        Assert.True(json.GetProperty("p95_ms").GetDouble() >= json.GetProperty("p50_ms").GetDouble());

        using var narrow = await client.SendAsync(Get("/api/webhooks/stats?hours=1", Key));
        Assert.Equal(5, JsonDocument.Parse(await narrow.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt64());
        using var bad = await client.SendAsync(Get("/api/webhooks/stats?hours=0", Key));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
