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

/// <summary>Values a Clerk user controls: whatever they are, a well-formed event parses into storable text.</summary>
public sealed class HostileValueParsingTests
{
    public static TheoryData<string> Kinds => new(HostileValues.Kinds);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void HostileUserEventsParseIntoWhatPostgresCanStore(string kind)
    {
        var (body, firstName, email) = HostileValues.User(kind, ClerkEventTypes.UserUpdated, "user_1", 10);

        Assert.True(ClerkEventParser.TryParse(body, out var evt, out var error), error);
        Assert.Equal(firstName, evt!.User!.FirstName);
        Assert.Equal(email, evt.User.PrimaryEmail);
    }

    [Fact]
    public void NulIsRemovedFromEveryStoredText()
    {
        Assert.Equal("ab", StoredText.Map("a\0b"));
        Assert.Equal("", StoredText.Map("\0\0"));
        Assert.Equal("unchanged ✓ ü 🎓", StoredText.Map("unchanged ✓ ü 🎓"));
        Assert.Null(StoredText.MapOrNull(null));
    }

    [Fact]
    public void MembershipRoleAndIdsAreMappedToo()
    {
        var body = ClerkEvents.Membership(ClerkEventTypes.MembershipCreated, "orgmem_1", "org_1", "user_1", 10, role: "org:\0admin");

        Assert.True(ClerkEventParser.TryParse(body, out var evt, out var error), error);
        Assert.Equal("org:admin", evt!.Membership!.Role);
    }

    [Fact]
    public void MetadataAsDeepAsClerkCanStoreParses()
    {
        var body = HostileValues.WithRawUnsafeMetadata(ClerkEvents.User(ClerkEventTypes.UserUpdated, "user_1", 10), HostileValues.Nested(10_000));

        Assert.True(ClerkEventParser.TryParse(body, out var evt, out var error), error);
        Assert.Equal("user_1", evt!.User!.Id);
    }

    [Fact]
    public void MetadataDeeperThanClerkCanStoreIsRejectedNotThrown()
    {
        var body = HostileValues.WithRawUnsafeMetadata(ClerkEvents.User(ClerkEventTypes.UserUpdated, "user_1", 10), HostileValues.Nested(20_000));

        Assert.False(ClerkEventParser.TryParse(body, out _, out var error));
        Assert.Contains("depth", error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    // A lone surrogate escape is valid JSON but not text; Clerk's encoder never writes one.
    [InlineData("""{"type":"user.\ud800created","data":{}}""")]
    [InlineData("""{"type":"user.created","data":{"id":"user_1","first_name":"\udc00","created_at":1,"updated_at":2}}""")]
    [InlineData("""{"type":"user created; DROP TABLE users","data":{}}""")]
    [InlineData("""{"type":"","data":{}}""")]
    [InlineData("""{"type":"session.created","data":{},"timestamp":999999999999999999}""")]
    [InlineData("""{"type":"user.created","data":{"id":"user_1","created_at":-99999999999999999,"updated_at":2}}""")]
    [InlineData("""{"type":"user.created","data":{"id":"user_1","created_at":1,"updated_at":253402300800000}}""")]
    [InlineData("""{"type":"user.deleted","data":{"id":"\u0000"}}""")]
    [InlineData("""{"type":"organization.deleted","data":{"id":"   "}}""")]
    public void TextThatIsNotTextAndValuesNoRowCanHoldAreRejectedWithAReason(string body)
    {
        Assert.False(ClerkEventParser.TryParse(body, out var evt, out var error));
        Assert.Null(evt);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void AnIdLongerThanAnyClerkIdIsRejected()
    {
        var body = ClerkEvents.Deleted(ClerkEventTypes.UserDeleted, "user_" + new string('x', ClerkEventParser.MaxIdLength), 10);

        Assert.False(ClerkEventParser.TryParse(body, out _, out var error));
        Assert.Contains("data.id", error);
    }
}
