using System.Net.Http.Headers;
using CourseCove.Simulator.ClerkApi;
using CourseCove.Simulator.History;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Tenants;

/// <summary>
/// Two organizations and their members, known to a fake Clerk (Backend API and, with a session key, the Frontend API
/// that issues session tokens) and delivered to a database of their own — all but <see cref="Newcomer"/>, who signed
/// up a moment ago: Clerk has them, the webhook has not arrived.
/// </summary>
public sealed class TenantWorld : IAsyncDisposable
{
    public const string ClerkSecretKey = "sk_test_tenant_world";

    private readonly List<HistoryEvent> _events = [];
    private readonly List<ApiFactory> _apis = [];

    private readonly AppHostFixture _app;

    private TenantWorld(AppHostFixture app, IsolatedEnvironment env) => (_app, Env) = (app, env);

    public IsolatedEnvironment Env { get; }
    public FakeClerkApi Clerk { get; private set; } = null!;
    public SessionKey Key { get; } = SessionKey.Create();

    public string OrgA { get; } = NewId("org");
    public string OrgB { get; } = NewId("org");
    public string Alice { get; } = NewId("user");
    public string Bob { get; } = NewId("user");
    public string Carol { get; } = NewId("user");
    public string Erin { get; } = NewId("user");
    public string Newcomer { get; } = NewId("user");

    /// <summary>Who is in which organization, and as what.</summary>
    public IReadOnlyList<(string Org, string User, string Role)> Memberships =>
    [
        (OrgA, Alice, "org:admin"), (OrgA, Bob, "org:member"), (OrgA, Erin, "org:member"), (OrgA, Newcomer, "org:member"),
        (OrgB, Carol, "org:admin"), (OrgB, Erin, "org:instructor"),
    ];

    public static async Task<TenantWorld> CreateAsync(AppHostFixture app)
    {
        var world = new TenantWorld(app, await IsolatedEnvironment.CreateAsync(app));
        world.Add(OrganizationCreated, world.OrgA, null, world.OrgA, Organization(OrganizationCreated, world.OrgA, 100, "Alpha Academy", "alpha"));
        world.Add(OrganizationCreated, world.OrgB, null, world.OrgB, Organization(OrganizationCreated, world.OrgB, 100, "Beta Bootcamp", "beta"));
        foreach (var (user, first) in new[] { (world.Alice, "Alice"), (world.Bob, "Bob"), (world.Carol, "Carol"), (world.Erin, "Erin"), (world.Newcomer, "Nina") })
        {
            world.Add(UserCreated, user, user, null, User(UserCreated, user, 100, email: $"{first.ToLowerInvariant()}@example.org", firstName: first, lastName: "Tester"));
        }

        foreach (var (org, user, role) in world.Memberships)
        {
            var id = NewId("orgmem");
            world.Add(MembershipCreated, id, user, org, Membership(MembershipCreated, id, org, user, 100, role));
        }

        var history = new ClerkHistory(new HistoryOptions(), world._events);
        world.Clerk = await FakeClerkApi.StartAsync(ClerkSnapshot.From(history),
            new FakeClerkOptions { SecretKey = ClerkSecretKey, RequestLimit = 1000, SessionKey = world.Key });
        // Everything but the newcomer's own events arrives by webhook.
        foreach (var evt in world._events.Where(e => e.UserId != world.Newcomer))
        {
            await world.Env.Db.DeliverAsync(evt.Body, evt.SvixId);
        }

        return world;
    }

    /// <summary>The newcomer's webhooks, arriving late.</summary>
    public IEnumerable<HistoryEvent> NewcomerEvents => _events.Where(e => e.UserId == Newcomer);

    /// <summary>An in-process Api trusting this world's Clerk; with the Backend API key unless <paramref name="withSecretKey"/> is false.</summary>
    public HttpClient Api(bool withSecretKey = true, params (string Key, string? Value)[] settings)
    {
        (string, string?)[] clerk = withSecretKey
            ? [("Clerk:Authority", Clerk.Issuer), ("Clerk:SecretKey", ClerkSecretKey), ("Clerk:ApiUrl", Clerk.ApiUrl.ToString())]
            : [("Clerk:Authority", Clerk.Issuer)];
        var api = new ApiFactory(_app, [.. Env.Settings, .. clerk, .. settings]);
        _apis.Add(api);
        return api.CreateClient();
    }

    public string Token(string user, string? org = null, SessionTokenShape? shape = null) => Key.Mint(Clerk.Issuer, user, org, shape);

    public static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request);
    }

    private void Add(string type, string objectId, string? userId, string? orgId, string body) =>
        _events.Add(new HistoryEvent(_events.Count, NewId("msg"), type, 100, objectId, userId, orgId, body));

    public async ValueTask DisposeAsync()
    {
        foreach (var api in _apis) await api.DisposeAsync();
        await Clerk.DisposeAsync();
        Key.Dispose();
        await Env.DisposeAsync();
    }
}
