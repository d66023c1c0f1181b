using CourseCove.Simulator.History;
using CourseCove.Sync.Events;

namespace CourseCove.Tests.Simulator;

public sealed class HistoryContentTests
{
    private readonly ClerkHistory _history = HistoryGenerator.Generate(new HistoryOptions { Seed = 3 });

    private IEnumerable<(HistoryEvent Event, ClerkEvent Parsed)> Parsed => _history.Events.Select(e =>
    {
        ClerkEventParser.TryParse(e.Body, out var parsed, out _);
        return (e, parsed!);
    });

    [Fact]
    public void EveryKindOfEventOccursWithTheDefaultSizes()
    {
        var types = _history.Events.Select(e => e.Type).ToHashSet();

        Assert.Equal(
            [ClerkEventTypes.OrganizationCreated, ClerkEventTypes.OrganizationDeleted, ClerkEventTypes.OrganizationUpdated,
             ClerkEventTypes.MembershipCreated, ClerkEventTypes.MembershipDeleted, ClerkEventTypes.MembershipUpdated,
             ClerkEventTypes.UserCreated, ClerkEventTypes.UserDeleted, ClerkEventTypes.UserUpdated],
            types.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ARemovedUserIsReAddedWithANewMembershipId()
    {
        var memberships = Parsed.Where(p => p.Parsed.Membership is not null).ToList();

        var reAdded = memberships
            .Where(p => p.Event.Type == ClerkEventTypes.MembershipCreated)
            .Where(created => memberships.Any(removed => removed.Event.Type == ClerkEventTypes.MembershipDeleted
                && removed.Event.Sequence < created.Event.Sequence
                && removed.Event.UserId == created.Event.UserId
                && removed.Event.OrganizationId == created.Event.OrganizationId
                && removed.Event.ObjectId != created.Event.ObjectId));

        Assert.NotEmpty(reAdded);
    }

    [Fact]
    public void ADeletedUserFirstLosesEveryMembershipItStillHad()
    {
        var deletions = _history.Events.Where(e => e.Type == ClerkEventTypes.UserDeleted).ToList();
        var membershipsLost = 0;
        foreach (var deleted in deletions)
        {
            var before = _history.Events.Take(deleted.Sequence).ToList();
            var goneOrganizations = before.Where(e => e.Type == ClerkEventTypes.OrganizationDeleted).Select(e => e.ObjectId).ToHashSet();
            var removed = before.Where(e => e.Type == ClerkEventTypes.MembershipDeleted).Select(e => e.ObjectId).ToHashSet();
            var held = before.Where(e => e.Type == ClerkEventTypes.MembershipCreated && e.UserId == deleted.ObjectId
                && !goneOrganizations.Contains(e.OrganizationId!)).Select(e => e.ObjectId).ToList();

            Assert.All(held, id => Assert.Contains(id, removed));
            Assert.DoesNotContain(_history.Events, e => e.UserId == deleted.ObjectId && e.Sequence > deleted.Sequence);
            membershipsLost += held.Count;
        }

        Assert.True(membershipsLost > 0, "no deleted user had a membership");
    }

    [Fact]
    public void NothingHappensToADeletedOrganizationAfterwards()
    {
        var deleted = _history.Events.First(e => e.Type == ClerkEventTypes.OrganizationDeleted);

        Assert.Contains(_history.Events, e => e.Type == ClerkEventTypes.MembershipCreated && e.OrganizationId == deleted.ObjectId);
        Assert.DoesNotContain(_history.Events, e => e.OrganizationId == deleted.ObjectId && e.Sequence > deleted.Sequence);
    }

    [Fact]
    public void ThePrimaryEmailIsNotAlwaysTheFirstAddress()
    {
        var users = Parsed.Select(p => p.Parsed.User).OfType<ClerkUser>().ToList();

        Assert.Contains(users, u => u.EmailAddresses![0].Id != u.PrimaryEmailAddressId);
        Assert.Contains(users, u => u.EmailAddresses![0].Id == u.PrimaryEmailAddressId);
    }

    [Fact]
    public void PayloadsCarryUnicodeNamesMetadataAndTheCustomRole()
    {
        var bodies = string.Concat(_history.Events.Select(e => e.Body));
        var roles = Parsed.Select(p => p.Parsed.Membership?.Role).OfType<string>().ToHashSet();

        Assert.Equal(["org:admin", "org:instructor", "org:member"], roles.Order(StringComparer.Ordinal));
        Assert.Matches("[À-žЀ-ӿ一-鿿]", bodies);
        foreach (var field in new[] { "public_metadata", "private_metadata", "unsafe_metadata", "phone_numbers", "public_user_data", "slug" })
        {
            Assert.Contains($"\"{field}\"", bodies);
        }
    }
}
