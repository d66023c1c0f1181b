using CourseCove.Sync.Processing;
using CourseCove.Tests.Support;

namespace CourseCove.Tests.Retention;

/// <summary>Which user a stored body concerns, read from Clerk's own example payloads and from hostile ones.</summary>
public sealed class EventSubjectTests
{
    private readonly ClerkFixtures _fixtures = new();

    [Theory]
    [InlineData("user.created", "user_29w83sxmDNGwOuEthce5gg56FcC")]
    [InlineData("user.updated", "user_29w83sxmDNGwOuEthce5gg56FcC")]
    [InlineData("user.deleted", "user_29wBMCtzATuFJut8jO2VNTVekS4")]
    [InlineData("organizationMembership.created", "user_29w83sxmDNGwOuEthce5gg56FcC")]
    [InlineData("organizationMembership.updated", "user_29wACSk1DjeUCwsS6SbbgIgilMy")]
    [InlineData("organizationMembership.deleted", "user_29wACSk1DjeUCwsS6SbbgIgilMy")]
    public void AUserOrMembershipEventConcernsTheUserItNames(string fixture, string userId) =>
        Assert.Equal(_fixtures.Id(userId), EventSubject.UserIdOf(_fixtures.Load(fixture)));

    [Theory]
    [InlineData("organization.created")]
    [InlineData("organization.deleted")]
    [InlineData("session.created")]
    public void OtherEventsConcernNoUser(string fixture) => Assert.Equal("", EventSubject.UserIdOf(_fixtures.Load(fixture)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{\"type\":\"user.created\",\"data\":{\"first_name\":\"no id\"}}")]
    [InlineData("not json")]
    public void ABodyThatIsNotAClerkEventConcernsNoUser(string? body) => Assert.Equal("", EventSubject.UserIdOf(body));

    [Fact]
    public void ATypedInNulAndMetadataTenThousandLevelsDeepDoNotHideTheUser()
    {
        var user = ClerkEvents.NewId("user");
        var body = HostileValues.WithRawUnsafeMetadata(
            ClerkEvents.User("user.updated", user, 200, email: "a\0da@example.org", firstName: "A\0da"), HostileValues.Nested(10_000));

        Assert.Contains("\\u0000", body);
        Assert.Equal(user, EventSubject.UserIdOf(body));
    }
}
