using CourseCove.Simulator.History;
using CourseCove.Simulator.Truth;

namespace CourseCove.Tests.Simulator;

public sealed class TruthModelTests
{
    [Fact]
    public void AReAddedUserIsMemberThroughTheNewMembershipOnly()
    {
        var model = TruthModel.From([
            ClerkBodies.User("user.created", "user_a", 1),
            ClerkBodies.Organization("organization.created", "org_1", 2),
            ClerkBodies.Membership("organizationMembership.created", "orgmem_old", "org_1", "user_a", 3, "org:admin"),
            ClerkBodies.Membership("organizationMembership.deleted", "orgmem_old", "org_1", "user_a", 4, "org:admin"),
            ClerkBodies.Membership("organizationMembership.created", "orgmem_new", "org_1", "user_a", 5, "org:member"),
            ClerkBodies.Membership("organizationMembership.updated", "orgmem_new", "org_1", "user_a", 6, "org:instructor"),
        ]);

        var membership = Assert.Single(model.Memberships.Values);
        Assert.Equal(new ExpectedMembership("orgmem_new", "org_1", "user_a", "org:instructor", 6), membership);
        Assert.Contains("orgmem_old", model.DeletedMembershipIds);
    }

    [Fact]
    public void ADeletedUserKeepsItsLastDataAsDeletedAndLosesItsMemberships()
    {
        var model = TruthModel.From([
            ClerkBodies.User("user.created", "user_a", 1, email: "zoe@example.com", firstName: "Zoë"),
            ClerkBodies.User("user.created", "user_b", 2),
            ClerkBodies.Organization("organization.created", "org_1", 3),
            ClerkBodies.Membership("organizationMembership.created", "orgmem_a", "org_1", "user_a", 4),
            ClerkBodies.Membership("organizationMembership.created", "orgmem_b", "org_1", "user_b", 5),
            ClerkBodies.Deleted("user.deleted", "user_a", 6),
        ]);

        Assert.Equal(new ExpectedUser("user_a", "zoe@example.com", "Zoë", "Łukasz", null, "https://img.clerk.com/u", "DELETED", 1),
            model.Users["user_a"]);
        Assert.Equal("ACTIVE", model.Users["user_b"].Status);
        Assert.Equal(["orgmem_b"], model.Memberships.Keys);
    }

    [Fact]
    public void ADeletedOrganizationIsGoneWithItsMembershipsAndNeverReturns()
    {
        var model = TruthModel.From([
            ClerkBodies.User("user.created", "user_a", 1),
            ClerkBodies.Organization("organization.created", "org_1", 2),
            ClerkBodies.Organization("organization.created", "org_2", 3, name: "渡辺 Piano"),
            ClerkBodies.Membership("organizationMembership.created", "orgmem_1", "org_1", "user_a", 4),
            ClerkBodies.Membership("organizationMembership.created", "orgmem_2", "org_2", "user_a", 5),
            ClerkBodies.Deleted("organization.deleted", "org_1", 6),
            ClerkBodies.Organization("organization.updated", "org_1", 7),
        ]);

        Assert.Equal(["org_2"], model.Organizations.Keys);
        Assert.Equal("渡辺 Piano", model.Organizations["org_2"].Name);
        Assert.Equal(["orgmem_2"], model.Memberships.Keys);
        Assert.Contains("org_1", model.DeletedOrganizationIds);
    }

    [Fact]
    public void TheEmailIsThePrimaryAddressAndTheNewestUpdateWins()
    {
        var model = TruthModel.From([
            ClerkBodies.User("user.created", "user_a", 10, email: "first@example.com"),
            ClerkBodies.User("user.updated", "user_a", 30, email: "newest@example.com"),
            ClerkBodies.User("user.updated", "user_a", 20, email: "stale@example.com"),
        ]);

        Assert.Equal("newest@example.com", model.Users["user_a"].Email);
    }

    [Fact]
    public void AGeneratedHistoryEndsWithMembershipsOfLiveUsersAndOrganizationsOnly()
    {
        var history = HistoryGenerator.Generate(new HistoryOptions { Users = 100, Organizations = 10, Memberships = 250, Updates = 100, Deletes = 40 });

        var model = TruthModel.From(history);

        Assert.NotEmpty(model.Memberships);
        Assert.Contains(model.Users.Values, u => u.IsDeleted);
        Assert.NotEmpty(model.DeletedOrganizationIds);
        Assert.All(model.Memberships.Values, m =>
        {
            Assert.False(model.Users[m.UserId].IsDeleted);
            Assert.True(model.Organizations.ContainsKey(m.OrganizationId));
        });
        Assert.Equal(model.Memberships.Count,
            model.Memberships.Values.Select(m => (m.OrganizationId, m.UserId)).Distinct().Count());
        Assert.All(model.Users.Values.Where(u => !u.IsDeleted), u => Assert.NotNull(u.Email));
    }
}
