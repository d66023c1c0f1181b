using System.Net;
using System.Net.Http.Json;
using CourseCove.Sync.Data;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;

namespace CourseCove.Tests.Webhooks;

/// <summary>POST /api/webhooks/clerk over HTTP against the running Api, PostgreSQL and Redis.</summary>
[Collection(AppHostCollection.Name)]
public sealed class WebhookEndpointTests(AppHostFixture app) : IAsyncLifetime
{
    private readonly ClerkFixtures _fixtures = new();
    private SyncDatabase _db = null!;
    private HttpClient _client = null!;
    private WebhookSender _sender = null!;

    public Task InitializeAsync()
    {
        _db = new SyncDatabase(app.DatabaseConnectionString);
        _client = app.CreateApiClient();
        _sender = new WebhookSender(_client, app.SigningSecret);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _db.DisposeAsync();
    }

    private sealed record Answer(string Status, string WebhookId);

    private async Task<(HttpStatusCode Code, string? Status)> SendFixtureAsync(string fixture, string? webhookId = null)
    {
        using var response = await _sender.SendAsync(_fixtures.Load(fixture), webhookId);
        var answer = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<Answer>() : null;
        return (response.StatusCode, answer?.Status);
    }

    [Fact]
    public async Task EveryClerkFixtureIsAcceptedAndApplied()
    {
        Assert.Equal((HttpStatusCode.OK, "fast_path"), await SendFixtureAsync("organization.created"));
        Assert.Equal((HttpStatusCode.OK, "fast_path"), await SendFixtureAsync("user.created"));
        Assert.Equal((HttpStatusCode.OK, "fast_path"), await SendFixtureAsync("organizationMembership.created"));
        Assert.Equal((HttpStatusCode.OK, "fast_path"), await SendFixtureAsync("user.updated"));
        Assert.Equal((HttpStatusCode.OK, "fast_path"), await SendFixtureAsync("organization.updated"));
        Assert.Equal((HttpStatusCode.OK, "fast_path"), await SendFixtureAsync("organizationInvitation.accepted"));
        Assert.Equal((HttpStatusCode.OK, "fast_path"), await SendFixtureAsync("session.created"));

        var user = (await _db.UserAsync(_fixtures.Id("user_29w83sxmDNGwOuEthce5gg56FcC")))!;
        Assert.Equal(("example@example.org", "Example", "ACTIVE"), (user.Email, user.FirstName, user.Status));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1654012824306), user.UpdatedAt);
        var org = (await _db.OrganizationAsync(_fixtures.Id("org_29w9IfBrPmcpi0IeBVaKtA7R94W")))!;
        Assert.Equal(("Acme Inc", "acme-inc"), (org.Name, org.Slug));
        Assert.Equal("admin", (await _db.MembershipAsync(_fixtures.Id("orgmem_29w9IptNja3mP8GDXpquBwN2qR9")))!.Role);

        // The membership fixtures for updated/deleted name a user no fixture creates.
        Assert.Equal((HttpStatusCode.Accepted, "queued"), await SendFixtureAsync("organizationMembership.updated"));
        Assert.Equal((HttpStatusCode.OK, "fast_path"), await SendFixtureAsync("organizationMembership.deleted"));

        Assert.Equal((HttpStatusCode.OK, "fast_path"), await SendFixtureAsync("organization.deleted"));
        Assert.Null(await _db.OrganizationAsync(_fixtures.Id("org_29w9IfBrPmcpi0IeBVaKtA7R94W")));
        Assert.Null(await _db.MembershipAsync(_fixtures.Id("orgmem_29w9IptNja3mP8GDXpquBwN2qR9")));

        Assert.Equal((HttpStatusCode.OK, "fast_path"), await SendFixtureAsync("user.deleted"));
        Assert.Equal("DELETED", (await _db.UserAsync(_fixtures.Id("user_29wBMCtzATuFJut8jO2VNTVekS4")))!.Status);
    }

    [Fact]
    public async Task DuplicateDeliveryIsAnsweredAsDuplicate()
    {
        var webhookId = ClerkEvents.NewId("msg");
        Assert.Equal((HttpStatusCode.OK, "fast_path"), await SendFixtureAsync("organization.created", webhookId));
        Assert.Equal((HttpStatusCode.OK, "duplicate"), await SendFixtureAsync("organization.created", webhookId));
        Assert.Equal(1L, (await _db.EventAsync(webhookId))!.Rows);
    }

    [Fact]
    public async Task MembershipBeforeItsUserIsQueuedAndRecordedPending()
    {
        var (org, user, membership, webhookId) = (ClerkEvents.NewId("org"), ClerkEvents.NewId("user"), ClerkEvents.NewId("orgmem"), ClerkEvents.NewId("msg"));
        using var response = await _sender.SendAsync(
            ClerkEvents.Membership("organizationMembership.created", membership, org, user, 100), webhookId);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("queued", (await response.Content.ReadFromJsonAsync<Answer>())!.Status);
        Assert.NotNull(await _db.EventAsync(webhookId));
    }

    [Fact]
    public async Task MissingHeadersAre400AndRecordNothing()
    {
        var webhookId = ClerkEvents.NewId("msg");
        using var request = WebhookSender.Signed(_fixtures.Load("user.created"), webhookId, DateTimeOffset.UtcNow, app.SigningSecret);
        request.Headers.Remove("svix-signature");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(await _db.EventAsync(webhookId));
    }

    [Fact]
    public async Task WrongSignatureIs401AndRecordsNothing()
    {
        var webhookId = ClerkEvents.NewId("msg");
        var body = _fixtures.Load("user.created");
        using var request = WebhookSender.Signed(body, webhookId, DateTimeOffset.UtcNow, TestSecrets.Random());

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("v1,", problem);
        Assert.DoesNotContain("example@example.org", problem);
        Assert.Null(await _db.EventAsync(webhookId));
    }

    [Fact]
    public async Task StaleTimestampIs401()
    {
        var webhookId = ClerkEvents.NewId("msg");
        using var response = await _sender.SendAsync(_fixtures.Load("user.created"), webhookId, DateTimeOffset.UtcNow.AddMinutes(-6));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(await _db.EventAsync(webhookId));
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("""{"type":"user.created","data":{"id":42}}""")]
    [InlineData("""{"object":"event","data":{}}""")]
    public async Task VerifiedBodyThatIsNotAClerkEventIs400(string body)
    {
        var webhookId = ClerkEvents.NewId("msg");
        using var response = await _sender.SendAsync(body, webhookId);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Not a Clerk event", await response.Content.ReadAsStringAsync());
        Assert.Null(await _db.EventAsync(webhookId));
    }

    [Fact]
    public async Task BodyOverOneMebibyteIs413()
    {
        var webhookId = ClerkEvents.NewId("msg");
        var body = """{"type":"session.created","data":{"pad":"PAD"}}""".Replace("PAD", new string('x', 1024 * 1024));

        using var response = await _sender.SendAsync(body, webhookId);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Null(await _db.EventAsync(webhookId));
    }

    [Theory]
    [InlineData(300 * 1024, HttpStatusCode.OK)]
    [InlineData(1024 * 1024 + 100, HttpStatusCode.RequestEntityTooLarge)]
    public async Task BodyOfUnannouncedLengthIsReadWholeUpToTheLimit(int padding, HttpStatusCode expected)
    {
        var webhookId = ClerkEvents.NewId("msg");
        var body = """{"type":"session.created","data":{"pad":"PAD"}}""".Replace("PAD", new string('x', padding));
        using var request = WebhookSender.Signed(body, webhookId, DateTimeOffset.UtcNow, app.SigningSecret);
        // Chunked: no Content-Length, so the reader cannot size its buffer from the header.
        request.Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body)));
        request.Headers.TransferEncodingChunked = true;

        using var response = await _client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK, await _db.EventAsync(webhookId) is not null);
    }

    [Fact]
    public async Task EventSignedWithEitherRotatingSecretIsAccepted()
    {
        var newSecret = TestSecrets.Random();
        await using var api = new ApiFactory(app, ("Clerk:WebhookSigningSecret", $"{app.SigningSecret} {newSecret}"));
        using var client = api.CreateClient();

        foreach (var secret in new[] { app.SigningSecret, newSecret })
        {
            using var response = await new WebhookSender(client, secret).SendAsync(_fixtures.Load("session.created"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var third = await new WebhookSender(client, TestSecrets.Random()).SendAsync(_fixtures.Load("session.created"));
        Assert.Equal(HttpStatusCode.Unauthorized, third.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-secret")]
    public void ApiRefusesToStartWithoutAValidSigningSecret(string? secret)
    {
        using var api = new ApiFactory(app, ("Clerk:WebhookSigningSecret", secret ?? ""));

        var error = Assert.ThrowsAny<Exception>(() => api.CreateClient());

        Assert.Contains("Clerk:WebhookSigningSecret", error.ToString());
    }

    [Fact]
    public async Task WhenPostgresIsDownTheWholeEventGoesToRedisAndTheWorkerAppliesItOnceItIsBack()
    {
        // Its own Redis database, so the AppHost's worker does not take the entry before we look at it.
        await using var env = await IsolatedEnvironment.CreateAsync(app);
        await using var api = new ApiFactory(app, [.. env.Settings,
            ("ConnectionStrings:coursecove", ApiFactory.DeadPostgres), ("Webhooks:FastPathBudget", "00:00:00.200")]);
        using var client = api.CreateClient();
        var webhookId = ClerkEvents.NewId("msg");

        using var response = await new WebhookSender(client, app.SigningSecret).SendAsync(_fixtures.Load("organization.created"), webhookId);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var entry = await RedisStream.FindAsync(env.RedisConnectionString, webhookId);
        Assert.NotNull(entry);
        Assert.False(entry.Recorded);
        Assert.Contains("Acme Inc", entry.Webhook.Payload);

        // A Worker that reaches PostgreSQL records and applies it.
        await using var worker = WorkerProcess.Start("worker-pg-back", env.Settings);
        await Eventually.HoldsAsync(async () => (await env.Db.EventAsync(webhookId))?.Status == "completed",
            TimeSpan.FromSeconds(60), "the Worker records and completes the event");
        Assert.Equal("Acme Inc", (await env.Db.OrganizationAsync(_fixtures.Id("org_29w9IfBrPmcpi0IeBVaKtA7R94W")))!.Name);
    }

    [Fact]
    public async Task WhenPostgresAndRedisAreBothDownTheAnswerIs503()
    {
        await using var api = new ApiFactory(app,
            ("ConnectionStrings:coursecove", ApiFactory.DeadPostgres), ("ConnectionStrings:redis", ApiFactory.DeadRedis),
            ("Webhooks:FastPathBudget", "00:00:00.200"), ("Webhooks:HandOffTimeout", "00:00:01"));
        using var client = api.CreateClient();

        using var response = await new WebhookSender(client, app.SigningSecret).SendAsync(_fixtures.Load("organization.created"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
