using CourseCove.Sync.Processing;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Sync;

/// <summary>The ordering rules against the real PostgreSQL: any order, any repeats, Clerk's truth.</summary>
[Collection(AppHostCollection.Name)]
public sealed class OrderingRulesTests(AppHostFixture app) : DatabaseTest(app)
{
    [Fact]
    public async Task NewerUpdateOverwritesOlderData()
    {
        var id = NewId("user");
        await Db.DeliverAsync(User(UserCreated, id, 100, email: "a@example.org"));
        await Db.DeliverAsync(User(UserUpdated, id, 200, email: "b@example.org"));

        Assert.Equal("b@example.org", (await Db.UserAsync(id))!.Email);
    }

    [Fact]
    public async Task StaleUpdateNeverOverwritesNewerData()
    {
        var id = NewId("user");
        await Db.DeliverAsync(User(UserUpdated, id, 200, email: "new@example.org"));
        var stale = await Db.DeliverAsync(User(UserCreated, id, 100, email: "old@example.org"));

        Assert.Equal(ProcessingStatus.Completed, stale.Status);
        Assert.False(stale.Outcome.Changed);
        Assert.Equal("new@example.org", (await Db.UserAsync(id))!.Email);
    }

    [Fact]
    public async Task EqualUpdatedAtIsANoOp()
    {
        var id = NewId("user");
        await Db.DeliverAsync(User(UserCreated, id, 100, firstName: "First"));
        var same = await Db.DeliverAsync(User(UserUpdated, id, 100, firstName: "Second"));

        Assert.False(same.Outcome.Changed);
        Assert.Equal("First", (await Db.UserAsync(id))!.FirstName);
    }

    [Fact]
    public async Task DeletedUserStaysSoftDeletedAfterLateCreateAndUpdate()
    {
        var id = NewId("user");
        await Db.DeliverAsync(User(UserCreated, id, 100));
        await Db.DeliverAsync(Deleted(UserDeleted, id, 300));
        await Db.DeliverAsync(User(UserUpdated, id, 200));
        await Db.DeliverAsync(User(UserUpdated, id, 999));

        var user = (await Db.UserAsync(id))!;
        Assert.Equal("DELETED", user.Status);
        Assert.True(user.HasDeletedAt);
    }

    [Fact]
    public async Task UserDeletedBeforeItWasCreatedLeavesASoftDeletedRow()
    {
        var id = NewId("user");
        await Db.DeliverAsync(Deleted(UserDeleted, id, 300));
        await Db.DeliverAsync(User(UserCreated, id, 100));

        Assert.Equal("DELETED", (await Db.UserAsync(id))!.Status);
    }

    [Fact]
    public async Task DeletedOrganizationStaysGoneAfterLateUpdate()
    {
        var id = NewId("org");
        await Db.DeliverAsync(Organization(OrganizationCreated, id, 100));
        await Db.DeliverAsync(Deleted(OrganizationDeleted, id, 300));
        var late = await Db.DeliverAsync(Organization(OrganizationUpdated, id, 200, name: "Renamed"));

        Assert.Equal(ProcessingStatus.Completed, late.Status);
        Assert.Null(await Db.OrganizationAsync(id));
    }

    [Fact]
    public async Task OrganizationDeleteCascadesItsMemberships()
    {
        var (org, user, membership) = (NewId("org"), NewId("user"), NewId("orgmem"));
        await Db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await Db.DeliverAsync(User(UserCreated, user, 100));
        await Db.DeliverAsync(Membership(MembershipCreated, membership, org, user, 100));
        Assert.NotNull(await Db.MembershipAsync(membership));

        await Db.DeliverAsync(Deleted(OrganizationDeleted, org, 300));

        Assert.Null(await Db.MembershipAsync(membership));
        Assert.Equal("ACTIVE", (await Db.UserAsync(user))!.Status);
    }

    [Fact]
    public async Task LateMembershipOfADeletedOrganizationCompletesWithNoEffect()
    {
        var (org, user, membership) = (NewId("org"), NewId("user"), NewId("orgmem"));
        await Db.DeliverAsync(User(UserCreated, user, 100));
        await Db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await Db.DeliverAsync(Deleted(OrganizationDeleted, org, 300));

        var late = await Db.DeliverAsync(Membership(MembershipCreated, membership, org, user, 200));

        Assert.Equal(ProcessingStatus.Completed, late.Status);
        Assert.Null(await Db.MembershipAsync(membership));
        Assert.Null(await Db.OrganizationAsync(org));
    }

    [Fact]
    public async Task MembershipOfADeletedUserCompletesWithNoEffect()
    {
        var (org, user, membership) = (NewId("org"), NewId("user"), NewId("orgmem"));
        await Db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await Db.DeliverAsync(Deleted(UserDeleted, user, 300));

        var late = await Db.DeliverAsync(Membership(MembershipCreated, membership, org, user, 200));

        Assert.Equal(ProcessingStatus.Completed, late.Status);
        Assert.Null(await Db.MembershipAsync(membership));
    }

    [Fact]
    public async Task MembershipBeforeUserAndOrganizationWaitsAndCommitsNothing()
    {
        var (org, user, membership) = (NewId("org"), NewId("user"), NewId("orgmem"));
        var body = Membership(MembershipCreated, membership, org, user, 100);
        var webhookId = NewId("msg");

        var first = await Db.DeliverAsync(body, webhookId);

        Assert.Equal(ProcessingStatus.Waiting, first.Status);
        Assert.Equal([DependencyKeys.Organization(org), DependencyKeys.User(user)], first.Outcome.MissingDependencies);
        Assert.Null(await Db.EventAsync(webhookId));

        await Db.DeliverAsync(User(UserCreated, user, 100));
        Assert.Equal([DependencyKeys.Organization(org)], (await Db.DeliverAsync(body, webhookId)).Outcome.MissingDependencies);

        await Db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        Assert.Equal(ProcessingStatus.Completed, (await Db.DeliverAsync(body, webhookId)).Status);
        Assert.Equal("org:member", (await Db.MembershipAsync(membership))!.Role);
    }

    [Fact]
    public async Task DeletedMembershipNeverComesBack()
    {
        var (org, user, membership) = (NewId("org"), NewId("user"), NewId("orgmem"));
        await Db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await Db.DeliverAsync(User(UserCreated, user, 100));
        await Db.DeliverAsync(Membership(MembershipDeleted, membership, org, user, 300));
        await Db.DeliverAsync(Membership(MembershipCreated, membership, org, user, 100));
        await Db.DeliverAsync(Membership(MembershipUpdated, membership, org, user, 200, role: "org:admin"));

        Assert.Null(await Db.MembershipAsync(membership));
    }

    [Fact]
    public async Task RoleUpdateAppliesAndStaleRoleDoesNot()
    {
        var (org, user, membership) = (NewId("org"), NewId("user"), NewId("orgmem"));
        await Db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await Db.DeliverAsync(User(UserCreated, user, 100));
        await Db.DeliverAsync(Membership(MembershipUpdated, membership, org, user, 300, role: "org:admin"));
        await Db.DeliverAsync(Membership(MembershipCreated, membership, org, user, 100, role: "org:member"));

        Assert.Equal("org:admin", (await Db.MembershipAsync(membership))!.Role);
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
        await Db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await Db.DeliverAsync(User(UserCreated, user, 100));
        string[] events =
        [
            Membership(MembershipCreated, oldMembership, org, user, 100, role: "org:admin"),
            Membership(MembershipDeleted, oldMembership, org, user, 200, role: "org:admin"),
            Membership(MembershipCreated, newMembership, org, user, 300, role: "org:member"),
        ];

        foreach (var i in order) await Db.DeliverAsync(events[i]);

        Assert.Equal([newMembership], await Db.MembershipIdsAsync(org, user));
        Assert.Equal("org:member", (await Db.MembershipAsync(newMembership))!.Role);
    }

    [Fact]
    public async Task NewerMembershipWinsEvenWhenTheOldOneIsNeverDeleted()
    {
        var (org, user, older, newer) = (NewId("org"), NewId("user"), NewId("orgmem"), NewId("orgmem"));
        await Db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await Db.DeliverAsync(User(UserCreated, user, 100));
        await Db.DeliverAsync(Membership(MembershipCreated, newer, org, user, 300));
        await Db.DeliverAsync(Membership(MembershipUpdated, older, org, user, 250));

        Assert.Equal([newer], await Db.MembershipIdsAsync(org, user));
    }

    [Fact]
    public async Task UserDeletionRemovesTheirMemberships()
    {
        var (org, user, membership) = (NewId("org"), NewId("user"), NewId("orgmem"));
        await Db.DeliverAsync(Organization(OrganizationCreated, org, 100));
        await Db.DeliverAsync(User(UserCreated, user, 100));
        await Db.DeliverAsync(Membership(MembershipCreated, membership, org, user, 100));

        await Db.DeliverAsync(Deleted(UserDeleted, user, 300));

        Assert.Null(await Db.MembershipAsync(membership));
        Assert.Equal("DELETED", (await Db.UserAsync(user))!.Status);
    }
}
