using CourseCove.Sync.Processing;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Sync;

/// <summary>The ordering rules against the real PostgreSQL: any order, any repeats, Clerk's truth.</summary>
[Collection(AppHostCollection.Name)]
public sealed class OrderingRulesTests(AppHostFixture app) : IAsyncLifetime
{
    private SyncDatabase _db = null!;

    public Task InitializeAsync()
    {
        _db = new SyncDatabase(app.DatabaseConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task NewerUpdateOverwritesOlderData()
    {
        var id = NewId("user");
        await _db.DeliverAsync(User(UserCreated, id, 100, email: "a@example.org"));
        await _db.DeliverAsync(User(UserUpdated, id, 200, email: "b@example.org"));

        Assert.Equal("b@example.org", (await _db.UserAsync(id))!.Email);
    }

    [Fact]
    public async Task StaleUpdateNeverOverwritesNewerData()
    {
        var id = NewId("user");
        await _db.DeliverAsync(User(UserUpdated, id, 200, email: "new@example.org"));
        var stale = await _db.DeliverAsync(User(UserCreated, id, 100, email: "old@example.org"));

        Assert.Equal(ProcessingStatus.Completed, stale.Status);
        Assert.False(stale.Outcome.Changed);
        Assert.Equal("new@example.org", (await _db.UserAsync(id))!.Email);
    }

    [Fact]
    public async Task EqualUpdatedAtIsANoOp()
    {
        var id = NewId("user");
        await _db.DeliverAsync(User(UserCreated, id, 100, firstName: "First"));
        var same = await _db.DeliverAsync(User(UserUpdated, id, 100, firstName: "Second"));

        Assert.False(same.Outcome.Changed);
        Assert.Equal("First", (await _db.UserAsync(id))!.FirstName);
    }

    [Fact]
    public async Task DeletedUserStaysSoftDeletedAfterLateCreateAndUpdate()
    {
        var id = NewId("user");
        await _db.DeliverAsync(User(UserCreated, id, 100));
        await _db.DeliverAsync(Deleted(UserDeleted, id, 300));
        await _db.DeliverAsync(User(UserUpdated, id, 200));
        await _db.DeliverAsync(User(UserUpdated, id, 999));

        var user = (await _db.UserAsync(id))!;
        Assert.Equal("DELETED", user.Status);
        Assert.True(user.HasDeletedAt);
    }

    [Fact]
    public async Task UserDeletedBeforeItWasCreatedLeavesASoftDeletedRow()
    {
        var id = NewId("user");
        await _db.DeliverAsync(Deleted(UserDeleted, id, 300));
        await _db.DeliverAsync(User(UserCreated, id, 100));

        Assert.Equal("DELETED", (await _db.UserAsync(id))!.Status);
    }

    [Fact]
    public async Task DeletedOrganizationStaysGoneAfterLateUpdate()
    {
        var id = NewId("org");
        await _db.DeliverAsync(Organization(OrganizationCreated, id, 100));
        await _db.DeliverAsync(Deleted(OrganizationDeleted, id, 300));
        var late = await _db.DeliverAsync(Organization(OrganizationUpdated, id, 200, name: "Renamed"));

        Assert.Equal(ProcessingStatus.Completed, late.Status);
        Assert.Null(await _db.OrganizationAsync(id));
    }

    [Fact]
    public async Task OrganizationDeleteCascadesItsMemberships()
    {
        var (org, user, membership) = (NewId("org"), NewId("user"), NewId("orgmem"));
        await _db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await _db.DeliverAsync(User(UserCreated, user, 100));
        await _db.DeliverAsync(Membership(MembershipCreated, membership, org, user, 100));
        Assert.NotNull(await _db.MembershipAsync(membership));

        await _db.DeliverAsync(Deleted(OrganizationDeleted, org, 300));

        Assert.Null(await _db.MembershipAsync(membership));
        Assert.Equal("ACTIVE", (await _db.UserAsync(user))!.Status);
    }

    [Fact]
    public async Task LateMembershipOfADeletedOrganizationCompletesWithNoEffect()
    {
        var (org, user, membership) = (NewId("org"), NewId("user"), NewId("orgmem"));
        await _db.DeliverAsync(User(UserCreated, user, 100));
        await _db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await _db.DeliverAsync(Deleted(OrganizationDeleted, org, 300));

        var late = await _db.DeliverAsync(Membership(MembershipCreated, membership, org, user, 200));

        Assert.Equal(ProcessingStatus.Completed, late.Status);
        Assert.Null(await _db.MembershipAsync(membership));
        Assert.Null(await _db.OrganizationAsync(org));
    }

    [Fact]
    public async Task MembershipOfADeletedUserCompletesWithNoEffect()
    {
        var (org, user, membership) = (NewId("org"), NewId("user"), NewId("orgmem"));
        await _db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await _db.DeliverAsync(Deleted(UserDeleted, user, 300));

        var late = await _db.DeliverAsync(Membership(MembershipCreated, membership, org, user, 200));

        Assert.Equal(ProcessingStatus.Completed, late.Status);
        Assert.Null(await _db.MembershipAsync(membership));
    }

    [Fact]
    public async Task MembershipBeforeUserAndOrganizationWaitsAndCommitsNothing()
    {
        var (org, user, membership) = (NewId("org"), NewId("user"), NewId("orgmem"));
        var body = Membership(MembershipCreated, membership, org, user, 100);
        var webhookId = NewId("msg");

        var first = await _db.DeliverAsync(body, webhookId);

        Assert.Equal(ProcessingStatus.Waiting, first.Status);
        Assert.Equal([DependencyKeys.Organization(org), DependencyKeys.User(user)], first.Outcome.MissingDependencies);
        Assert.Null(await _db.EventAsync(webhookId));

        await _db.DeliverAsync(User(UserCreated, user, 100));
        Assert.Equal([DependencyKeys.Organization(org)], (await _db.DeliverAsync(body, webhookId)).Outcome.MissingDependencies);

        await _db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        Assert.Equal(ProcessingStatus.Completed, (await _db.DeliverAsync(body, webhookId)).Status);
        Assert.Equal("org:member", (await _db.MembershipAsync(membership))!.Role);
    }

    [Fact]
    public async Task DeletedMembershipNeverComesBack()
    {
        var (org, user, membership) = (NewId("org"), NewId("user"), NewId("orgmem"));
        await _db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await _db.DeliverAsync(User(UserCreated, user, 100));
        await _db.DeliverAsync(Membership(MembershipDeleted, membership, org, user, 300));
        await _db.DeliverAsync(Membership(MembershipCreated, membership, org, user, 100));
        await _db.DeliverAsync(Membership(MembershipUpdated, membership, org, user, 200, role: "org:admin"));

        Assert.Null(await _db.MembershipAsync(membership));
    }

    [Fact]
    public async Task RoleUpdateAppliesAndStaleRoleDoesNot()
    {
        var (org, user, membership) = (NewId("org"), NewId("user"), NewId("orgmem"));
        await _db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await _db.DeliverAsync(User(UserCreated, user, 100));
        await _db.DeliverAsync(Membership(MembershipUpdated, membership, org, user, 300, role: "org:admin"));
        await _db.DeliverAsync(Membership(MembershipCreated, membership, org, user, 100, role: "org:member"));

        Assert.Equal("org:admin", (await _db.MembershipAsync(membership))!.Role);
    }

    public static TheoryData<int[]> ReAddOrders()
    {
        // 0 = old membership created, 1 = old membership deleted, 2 = new membership created.
        int[][] orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        var data = new TheoryData<int[]>();
        foreach (var order in orders) data.Add(order);
        return data;
    }

    [Theory]
    [MemberData(nameof(ReAddOrders))]
    public async Task NewerMembershipOwnsThePairInEveryOrder(int[] order)
    {
        var (org, user, oldMembership, newMembership) = (NewId("org"), NewId("user"), NewId("orgmem"), NewId("orgmem"));
        await _db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await _db.DeliverAsync(User(UserCreated, user, 100));
        string[] events =
        [
            Membership(MembershipCreated, oldMembership, org, user, 100, role: "org:admin"),
            Membership(MembershipDeleted, oldMembership, org, user, 200, role: "org:admin"),
            Membership(MembershipCreated, newMembership, org, user, 300, role: "org:member"),
        ];

        foreach (var i in order) await _db.DeliverAsync(events[i]);

        Assert.Equal([newMembership], await _db.MembershipIdsAsync(org, user));
        Assert.Equal("org:member", (await _db.MembershipAsync(newMembership))!.Role);
    }

    [Fact]
    public async Task NewerMembershipWinsEvenWhenTheOldOneIsNeverDeleted()
    {
        var (org, user, older, newer) = (NewId("org"), NewId("user"), NewId("orgmem"), NewId("orgmem"));
        await _db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await _db.DeliverAsync(User(UserCreated, user, 100));
        await _db.DeliverAsync(Membership(MembershipCreated, newer, org, user, 300));
        await _db.DeliverAsync(Membership(MembershipUpdated, older, org, user, 250));

        Assert.Equal([newer], await _db.MembershipIdsAsync(org, user));
    }

    [Fact]
    public async Task UserDeletionRemovesTheirMemberships()
    {
        var (org, user, membership) = (NewId("org"), NewId("user"), NewId("orgmem"));
        await _db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await _db.DeliverAsync(User(UserCreated, user, 100));
        await _db.DeliverAsync(Membership(MembershipCreated, membership, org, user, 100));

        await _db.DeliverAsync(Deleted(UserDeleted, user, 300));

        Assert.Null(await _db.MembershipAsync(membership));
        Assert.Equal("DELETED", (await _db.UserAsync(user))!.Status);
    }
}
