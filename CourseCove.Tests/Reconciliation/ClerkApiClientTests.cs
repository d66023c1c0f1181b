using System.Net;
using CourseCove.Simulator.History;
using CourseCove.Sync.Clerk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CourseCove.Tests.Reconciliation;

/// <summary>The typed client against the fake Backend API, and the options' rules; no database involved.</summary>
public sealed class ClerkApiClientTests : IAsyncLifetime
{
    private FakeClerk _clerk = null!;

    public async Task InitializeAsync() =>
        _clerk = await FakeClerk.StartAsync(new HistoryOptions { Users = 30, Organizations = 4, Memberships = 30, Updates = 10, Deletes = 4, Seed = 4001 });

    public async Task DisposeAsync() => await _clerk.DisposeAsync();

    private static IHost Host(params (string Key, string? Value)[] settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings.Where(s => s.Value is not null).Select(s => KeyValuePair.Create(s.Key, s.Value)));
        builder.AddClerkApi();
        return builder.Build();
    }

    private ClerkApiClient Client(params (string Key, string? Value)[] more) =>
        Host(_clerk.Settings(more)).Services.GetRequiredService<ClerkApiClient>();

    [Fact]
    public async Task UsersAreListedOldestFirstAndCountedAsClerkDoes()
    {
        var client = Client();

        var first = await client.ListUsersAsync(0, 10, CancellationToken.None);
        var rest = await client.ListUsersAsync(10, 500, CancellationToken.None);

        Assert.Equal(_clerk.Snapshot.Users.Select(u => u.Id), first.Items.Concat(rest.Items).Select(u => u.Id));
        Assert.Equal(_clerk.Snapshot.Users.Count, await client.CountUsersAsync(CancellationToken.None));
        Assert.Null(first.TotalCount);
    }

    [Fact]
    public async Task ListsOfOrganizationsAndMembershipsCarryClerksTotal()
    {
        var client = Client();

        var organizations = await client.ListOrganizationsAsync(0, 2, CancellationToken.None);
        var memberships = await client.ListMembershipsAsync(0, 500, CancellationToken.None);

        Assert.Equal(_clerk.Snapshot.Organizations.Count, organizations.TotalCount);
        Assert.Equal(2, organizations.Items.Count);
        Assert.Equal(_clerk.Snapshot.Memberships.Select(m => m.Id), memberships.Items.Select(m => m.Id));
    }

    [Fact]
    public async Task AnObjectClerkDoesNotHaveIsNull()
    {
        var client = Client();

        Assert.Null(await client.GetUserAsync("user_never_existed", CancellationToken.None));
        Assert.Null(await client.GetOrganizationAsync("org_never_existed", CancellationToken.None));
        Assert.Null(await client.ListOrganizationMembershipsAsync("org_never_existed", 0, 10, CancellationToken.None));
        Assert.Equal(_clerk.Snapshot.Users[0].Id, (await client.GetUserAsync(_clerk.Snapshot.Users[0].Id, CancellationToken.None))?.Id);
    }

    [Fact]
    public async Task AWrongKeyIsClerksErrorNotAnEmptyList()
    {
        var client = Client(("Clerk:SecretKey", "sk_test_wrong"));

        var error = await Assert.ThrowsAsync<ClerkApiException>(() => client.ListUsersAsync(0, 10, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, error.Status);
        Assert.Equal("authentication_invalid", error.Code);
    }

    [Fact]
    public async Task RegisteringTheClientTwiceKeepsOneBudgetAndOneStatusLine()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(_clerk.Settings().Select(s => KeyValuePair.Create(s.Key, s.Value)));
        builder.AddClerkApi();
        builder.AddClerkApi();
        using var host = builder.Build();

        Assert.Single(host.Services.GetServices<IHostedService>(), s => s.GetType().Name == "ClerkApiStatus");
        Assert.Equal(_clerk.Snapshot.Users.Count, await host.Services.GetRequiredService<ClerkApiClient>().CountUsersAsync(CancellationToken.None));
        Assert.Equal(1, _clerk.Api.Stats.Requests);
    }

    [Fact]
    public async Task APageIsReadWholeWhenAUsersMetadataNestsDeeperThanJsonsDefaultLimit()
    {
        // Clerk stores metadata up to 10,000 levels deep; the page parser once stopped at 64, failing every pass.
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100);
        const string Fields = """
            "object":"user","email_addresses":[],"primary_email_address_id":null,"first_name":"A","last_name":null,
            "username":null,"image_url":null,"updated_at":2
            """;
        var users = $$"""
            [{"id":"user_deep",{{Fields}},"unsafe_metadata":{{deep}},"created_at":1},
             {"id":"user_plain",{{Fields}},"created_at":1},
             {"id":"user_unreadable",{{Fields}},"created_at":"yesterday"}]
            """;
        using var listener = new HttpListener();
        var url = $"http://127.0.0.1:{FreePort()}/";
        listener.Prefixes.Add(url);
        listener.Start();
        var served = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            await context.Response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(users));
            context.Response.Close();
        });

        var page = await Client(("Clerk:ApiUrl", url + "v1")).ListUsersAsync(0, 10, CancellationToken.None);
        await served;

        Assert.Equal(["user_deep", "user_plain"], page.Items.Select(u => u.Id));
        Assert.Equal(["user_unreadable"], page.UnreadableIds);
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    [Theory]
    [InlineData("sk_live_abc", null, 900)]
    [InlineData("sk_test_abc", null, 90)]
    [InlineData("sk_test_abc", "00:00:01", 9)]
    public void TheDefaultBudgetIsNinetyPercentOfTheKeysLimit(string key, string? window, int expected)
    {
        using var host = Host(("Clerk:SecretKey", key), ("Clerk:RequestBudgetWindow", window));

        Assert.Equal(expected, host.Services.GetRequiredService<ClerkRequestBudget>().PermitsPerWindow);
    }

    [Theory]
    [InlineData("Clerk:ApiUrl", "/v1")]
    [InlineData("Clerk:ReconcileInterval", "-00:00:01")]
    [InlineData("Clerk:PageSize", "501")]
    public void ABadSettingStopsTheStartNamingIt(string setting, string value)
    {
        using var host = Host(("Clerk:SecretKey", "sk_test_abc"), (setting, value));

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<ClerkApiOptions>>().Value);

        Assert.Contains(setting, error.Message);
    }
}
