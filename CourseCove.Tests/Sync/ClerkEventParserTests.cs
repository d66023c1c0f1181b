using CourseCove.Sync.Events;
using CourseCove.Tests.Support;

namespace CourseCove.Tests.Sync;

public sealed class ClerkEventParserTests
{
    private readonly ClerkFixtures _fixtures = new();

    [Theory]
    [InlineData("user.created")]
    [InlineData("user.created.clerk-docs-overview")]
    [InlineData("user.updated")]
    [InlineData("user.deleted")]
    [InlineData("organization.created")]
    [InlineData("organization.updated")]
    [InlineData("organization.deleted")]
    [InlineData("organizationMembership.created")]
    [InlineData("organizationMembership.updated")]
    [InlineData("organizationMembership.deleted")]
    [InlineData("organizationInvitation.accepted")]
    [InlineData("session.created")]
    public void EveryClerkFixtureParses(string fixture)
    {
        Assert.True(ClerkEventParser.TryParse(_fixtures.Load(fixture), out var evt, out var error), error);
        Assert.Equal(fixture.Split('.')[0] + "." + fixture.Split('.')[1], evt!.Type);
    }

    [Fact]
    public void UserEmailIsThePrimaryAddressEvenWhenNotFirst()
    {
        var body = ClerkEvents.User(ClerkEventTypes.UserCreated, "user_1", 10, email: "primary@example.org");

        Assert.True(ClerkEventParser.TryParse(body, out var evt, out _));
        Assert.Equal("primary@example.org", evt!.User!.PrimaryEmail);
    }

    [Fact]
    public void MembershipCarriesOrganizationAndUserIds()
    {
        Assert.True(ClerkEventParser.TryParse(_fixtures.Load("organizationMembership.created"), out var evt, out _));
        Assert.Equal(_fixtures.Id("org_29w9IfBrPmcpi0IeBVaKtA7R94W"), evt!.Membership!.Organization.Id);
        Assert.Equal(_fixtures.Id("user_29w83sxmDNGwOuEthce5gg56FcC"), evt.Membership.PublicUserData.UserId);
        Assert.Equal("admin", evt.Membership.Role);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"data":{}}""")]
    [InlineData("""{"type":42,"data":{}}""")]
    [InlineData("""{"type":"user.created"}""")]
    [InlineData("""{"type":"user.created","data":"x"}""")]
    [InlineData("""{"type":"user.created","data":{"id":"user_1"}}""")]
    [InlineData("""{"type":"user.created","data":{"id":7,"created_at":1,"updated_at":2}}""")]
    [InlineData("""{"type":"user.created","data":{"id":"user_1","created_at":"yesterday","updated_at":2}}""")]
    [InlineData("""{"type":"user.created","data":{"id":"","created_at":1,"updated_at":2}}""")]
    [InlineData("""{"type":"organization.created","data":{"id":"org_1","name":null,"created_at":1,"updated_at":2}}""")]
    [InlineData("""{"type":"organizationMembership.created","data":{"id":"m","role":"r","created_at":1,"updated_at":2,"organization":{"id":"o"}}}""")]
    [InlineData("""{"type":"user.deleted","data":{"deleted":true}}""")]
    [InlineData("""{"type":"session.created","data":{},"timestamp":"soon"}""")]
    public void MalformedEventsAreRejectedWithAReason(string body)
    {
        Assert.False(ClerkEventParser.TryParse(body, out var evt, out var error));
        Assert.Null(evt);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void UnknownEventTypesParseWithoutAPayload()
    {
        Assert.True(ClerkEventParser.TryParse("""{"type":"email.created","data":{"id":"ema_1"}}""", out var evt, out _));
        Assert.Null(evt!.User ?? (object?)evt.Organization ?? evt.Membership);
    }
}
