using CourseCove.Simulator.History;
using CourseCove.Sync.Clerk;
using CourseCove.Sync.Processing;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Reconciliation;

/// <summary>Fetch-on-wait's building block: dependency keys fetched from the fake Clerk and applied by the ordering rules.</summary>
[Collection(AppHostCollection.Name)]
public sealed class DependencyFetcherTests(AppHostFixture app) : IAsyncLifetime
{
    private IsolatedEnvironment _env = null!;
    private FakeClerk _clerk = null!;

    public async Task InitializeAsync()
    {
        _env = await IsolatedEnvironment.CreateAsync(app);
        _clerk = await FakeClerk.StartAsync(new HistoryOptions { Users = 10, Organizations = 3, Memberships = 10, Updates = 0, Deletes = 0, Seed = 3001 });
    }

    public async Task DisposeAsync()
    {
        await _clerk.DisposeAsync();
        await _env.DisposeAsync();
    }

    private Task<IReadOnlyList<string>> FetchAsync(params string[] keys) => FetchAsync([], keys);

    private async Task<IReadOnlyList<string>> FetchAsync((string, string?)[] settings, params string[] keys)
    {
        using var host = ReconcileHost.Create(_env, _clerk.Settings(settings));
        return await host.Get<ClerkDependencyFetcher>().FetchAndApplyAsync(keys, CancellationToken.None);
    }

    [Fact]
    public async Task AUserClerkHasIsStoredAndItsKeySettled()
    {
        var user = _clerk.Snapshot.Users[0].Id;

        var settled = await FetchAsync(DependencyKeys.User(user));

        Assert.Equal([DependencyKeys.User(user)], settled);
        Assert.Equal(_clerk.Truth.Users[user].Email, (await _env.Db.UserAsync(user))?.Email);
    }

    [Fact]
    public async Task AUserClerkNoLongerHasIsSoftDeleted()
    {
        var user = NewId("user");
        await _env.Db.DeliverAsync(User(UserCreated, user, 100));

        var settled = await FetchAsync(DependencyKeys.User(user));

        Assert.Equal([DependencyKeys.User(user)], settled);
        Assert.Equal("DELETED", (await _env.Db.UserAsync(user))?.Status);
    }

    [Fact]
    public async Task AnOrganizationClerkNoLongerHasIsDeletedAndTombstoned()
    {
        var org = NewId("org");
        await _env.Db.DeliverAsync(Organization(OrganizationCreated, org, 100));

        var settled = await FetchAsync(DependencyKeys.Organization(org), DependencyKeys.Organization(_clerk.Snapshot.Organizations[0].Id));

        Assert.Equal(2, settled.Count);
        Assert.Null(await _env.Db.OrganizationAsync(org));
        Assert.Equal(1, await _env.Db.CountAsync("SELECT count(*) FROM tombstones WHERE kind = 'organization' AND id = $1", org));
        Assert.NotNull(await _env.Db.OrganizationAsync(_clerk.Snapshot.Organizations[0].Id));
    }

    [Fact]
    public async Task AnOlderSnapshotNeverOverwritesANewerRow()
    {
        var user = _clerk.Snapshot.Users[1].Id;
        await _env.Db.DeliverAsync(User(UserUpdated, user, updatedAt: 4_102_444_800_000, firstName: "From a later webhook"));

        Assert.NotEmpty(await FetchAsync(DependencyKeys.User(user)));

        Assert.Equal("From a later webhook", (await _env.Db.UserAsync(user))?.FirstName);
    }

    [Fact]
    public async Task AnOrganizationDeletedHereIsNotResurrectedByASnapshotTakenBefore()
    {
        var org = _clerk.Snapshot.Organizations[1].Id;
        await _env.Db.DeliverAsync(Deleted(OrganizationDeleted, org, 4_102_444_800_000));

        Assert.NotEmpty(await FetchAsync(DependencyKeys.Organization(org)));

        Assert.Null(await _env.Db.OrganizationAsync(org));
    }

    [Fact]
    public async Task AKeyClerkCouldNotBeAskedAboutIsNotSettled()
    {
        var user = _clerk.Snapshot.Users[2].Id;
        _clerk.Api.FailFrom(1);

        var settled = await FetchAsync([("Clerk:MaxRetries", "0")], DependencyKeys.User(user));

        Assert.Empty(settled);
        Assert.Null(await _env.Db.UserAsync(user));
    }

    [Fact]
    public async Task WithoutASecretKeyNothingIsFetched()
    {
        var user = _clerk.Snapshot.Users[3].Id;

        var settled = await FetchAsync([("Clerk:SecretKey", "")], DependencyKeys.User(user));

        Assert.Empty(settled);
        Assert.Equal(0, _clerk.Api.Stats.Requests);
    }
}
