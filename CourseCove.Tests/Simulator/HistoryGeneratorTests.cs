using System.Diagnostics;
using System.Text.Json;
using CourseCove.Simulator.History;
using CourseCove.Sync.Events;

namespace CourseCove.Tests.Simulator;

public sealed class HistoryGeneratorTests
{
    private static readonly HistoryOptions Large = new()
    {
        Users = 200, Organizations = 20, Memberships = 400, Updates = 250, Deletes = 60, Seed = 7,
    };

    [Fact]
    public void SameSeedAndOptionsGiveAByteIdenticalHistory()
    {
        var first = HistoryGenerator.Generate(new HistoryOptions { Seed = 42 });
        var second = HistoryGenerator.Generate(new HistoryOptions { Seed = 42 });

        Assert.Equal(first.ToJsonLines(), second.ToJsonLines());
        Assert.Equal(first.Events, second.Events);
    }

    [Fact]
    public void AnotherSeedOrOtherOptionsGiveOtherIds()
    {
        var ids = HistoryGenerator.Generate(new HistoryOptions { Seed = 1 }).Events.Select(e => e.ObjectId).ToHashSet();

        var otherSeed = HistoryGenerator.Generate(new HistoryOptions { Seed = 2 });
        var otherSize = HistoryGenerator.Generate(new HistoryOptions { Seed = 1, Users = 21 });

        Assert.DoesNotContain(otherSeed.Events, e => ids.Contains(e.ObjectId));
        Assert.DoesNotContain(otherSize.Events, e => ids.Contains(e.ObjectId));
    }

    [Fact]
    public void EveryEventParsesWithTheServersParserAsItsType()
    {
        foreach (var evt in HistoryGenerator.Generate(Large).Events)
        {
            Assert.True(ClerkEventParser.TryParse(evt.Body, out var parsed, out var error), $"{evt.Type}: {error}");
            Assert.Equal(evt.Type, parsed!.Type);
            Assert.Equal(evt.Timestamp, parsed.Timestamp);
            switch (evt.Type)
            {
                case ClerkEventTypes.UserCreated or ClerkEventTypes.UserUpdated:
                    Assert.Equal(evt.ObjectId, parsed.User!.Id);
                    Assert.NotNull(parsed.User.PrimaryEmail);
                    break;
                case ClerkEventTypes.OrganizationCreated or ClerkEventTypes.OrganizationUpdated:
                    Assert.Equal(evt.ObjectId, parsed.Organization!.Id);
                    break;
                case ClerkEventTypes.UserDeleted or ClerkEventTypes.OrganizationDeleted:
                    Assert.Equal(evt.ObjectId, parsed.Deleted!.Id);
                    Assert.True(parsed.Deleted.Deleted);
                    break;
                default:
                    Assert.Equal(evt.ObjectId, parsed.Membership!.Id);
                    Assert.Equal(evt.UserId, parsed.Membership.PublicUserData.UserId);
                    Assert.Equal(evt.OrganizationId, parsed.Membership.Organization.Id);
                    Assert.StartsWith("org:", parsed.Membership.Role);
                    break;
            }
        }
    }

    [Fact]
    public void EventsHaveClerksEnvelopeAndStrictlyIncreasingTimestamps()
    {
        var history = HistoryGenerator.Generate(Large);

        long previous = 0;
        foreach (var evt in history.Events)
        {
            using var json = JsonDocument.Parse(evt.Body);
            var root = json.RootElement;
            Assert.Equal(["data", "event_attributes", "instance_id", "object", "timestamp", "type"],
                root.EnumerateObject().Select(p => p.Name));
            Assert.Equal("event", root.GetProperty("object").GetString());
            Assert.True(root.GetProperty("event_attributes").GetProperty("http_request").TryGetProperty("user_agent", out _));
            Assert.True(evt.Timestamp > previous, $"event {evt.Sequence} is not later than the one before");
            previous = evt.Timestamp;
            if (root.GetProperty("data").TryGetProperty("updated_at", out var updatedAt))
            {
                Assert.Equal(evt.Timestamp, updatedAt.GetInt64());
            }
        }
    }

    [Fact]
    public void SvixIdsAreUniqueAndShapedLikeSvixMessageIds()
    {
        var ids = HistoryGenerator.Generate(Large).Events.Select(e => e.SvixId).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^msg_[0-9A-Za-z]{27}$", id));
    }

    [Fact]
    public void AThousandEventsTakeMilliseconds()
    {
        HistoryGenerator.Generate(Large);
        var stopwatch = Stopwatch.StartNew();

        var history = HistoryGenerator.Generate(Large with { Seed = 8 });

        Assert.InRange(history.Count, 800, 1200);
        Assert.True(stopwatch.ElapsedMilliseconds < 500, $"took {stopwatch.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData(-1, 5, 10)]
    [InlineData(5, -1, 10)]
    [InlineData(5, 5, -1)]
    [InlineData(0, 3, 0)]
    public void ImpossibleOptionsAreRejected(int users, int organizations, int memberships)
    {
        var options = new HistoryOptions { Users = users, Organizations = organizations, Memberships = memberships };

        Assert.NotEmpty(options.Validate());
        Assert.Throws<ArgumentException>(() => HistoryGenerator.Generate(options));
    }

    [Fact]
    public void GenerateAtLeastGrowsTheHistoryAndCutsItToSize()
    {
        var history = HistoryGenerator.GenerateAtLeast(new HistoryOptions(), 1000);

        Assert.Equal(1000, history.Count);
        Assert.Equal(Enumerable.Range(0, 1000), history.Events.Select(e => e.Sequence));
    }
}
