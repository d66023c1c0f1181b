using CourseCove.Simulator.Delivery;
using CourseCove.Simulator.History;
using CourseCove.Sync.Events;

namespace CourseCove.Tests.Simulator;

public sealed class DeliveryPlannerTests
{
    private static readonly ClerkHistory History = HistoryGenerator.Generate(new HistoryOptions { Users = 60, Memberships = 120, Seed = 5 });

    private static IReadOnlyList<PlannedDelivery> Plan(DeliveryOrder order, double duplicates = 0, bool race = false, int seed = 1) =>
        DeliveryPlanner.Plan(History, new DeliveryOptions
        {
            Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Order = order, DuplicateShare = duplicates, Race = race, Seed = seed,
        });

    [Fact]
    public void InOrderKeepsClerksOrder()
    {
        Assert.Equal(History.Events, Plan(DeliveryOrder.InOrder).Select(d => d.Event));
    }

    [Theory]
    [InlineData("shuffled")]
    [InlineData("window:1")]
    [InlineData("window:10")]
    [InlineData("window:100000")]
    public void EveryOrderDeliversEveryEventExactlyOnce(string order)
    {
        Assert.True(DeliveryOrder.TryParse(order, out var parsed, out _));

        var plan = Plan(parsed);

        Assert.Equal(History.Events.Select(e => e.SvixId).Order(), plan.Select(d => d.Event.SvixId).Order());
        Assert.Equal(Enumerable.Range(0, plan.Count), plan.Select(d => d.Index));
    }

    [Fact]
    public void ShuffledReallyShufflesAndTheSeedDecidesHow()
    {
        var first = Plan(DeliveryOrder.Shuffled, seed: 1).Select(d => d.Event.SvixId).ToList();

        Assert.NotEqual(History.Events.Select(e => e.SvixId), first);
        Assert.Equal(first, Plan(DeliveryOrder.Shuffled, seed: 1).Select(d => d.Event.SvixId));
        Assert.NotEqual(first, Plan(DeliveryOrder.Shuffled, seed: 2).Select(d => d.Event.SvixId));
    }

    [Fact]
    public void AWindowMovesNoEventAsFarAsItsSize()
    {
        var plan = Plan(DeliveryOrder.Window(5));

        Assert.Contains(plan, d => d.Index != d.Event.Sequence);
        Assert.All(plan, d => Assert.InRange(d.Index - d.Event.Sequence, -4, 4));
    }

    [Fact]
    public void DuplicatesShareTheSvixIdAndComeAfterTheirOriginal()
    {
        var plan = Plan(DeliveryOrder.Shuffled, duplicates: 0.2);

        var repeats = plan.Where(d => d.IsDuplicate).ToList();
        Assert.Equal((int)Math.Round(History.Count * 0.2), repeats.Count);
        Assert.Equal(History.Count, plan.Count(d => !d.IsDuplicate));
        foreach (var repeat in repeats)
        {
            var original = Assert.Single(plan, d => !d.IsDuplicate && d.Event.SvixId == repeat.Event.SvixId);
            Assert.Equal(original.Event.Body, repeat.Event.Body);
            Assert.True(original.Index < repeat.Index);
        }
    }

    [Fact]
    public void RaceSendsEachUserAndOrganizationJustBehindTheFirstMembershipThatNeedsIt()
    {
        var plan = Plan(DeliveryOrder.InOrder, race: true);

        var memberships = plan.Where(d => d.Event.Type == ClerkEventTypes.MembershipCreated).ToList();
        var needed = plan.Where(d => d.Event.Type is ClerkEventTypes.UserCreated or ClerkEventTypes.OrganizationCreated
            && memberships.Any(m => m.Event.UserId == d.Event.ObjectId || m.Event.OrganizationId == d.Event.ObjectId)).ToList();
        Assert.NotEmpty(needed);
        foreach (var dependency in needed)
        {
            var first = memberships.First(m => m.Event.UserId == dependency.Event.ObjectId || m.Event.OrganizationId == dependency.Event.ObjectId);
            var gate = Assert.Single(dependency.Gates);
            Assert.Equal(first.Index, gate.DeliveryIndex);
            Assert.True(first.Index < dependency.Index);
            Assert.InRange(gate.Lead, TimeSpan.Zero, TimeSpan.FromMilliseconds(300));
        }
    }

    [Theory]
    [InlineData("inorder", DeliveryOrderKind.InOrder, 1)]
    [InlineData("shuffled", DeliveryOrderKind.Shuffled, 1)]
    [InlineData("window:25", DeliveryOrderKind.Window, 25)]
    public void OrdersParse(string text, DeliveryOrderKind kind, int size)
    {
        Assert.True(DeliveryOrder.TryParse(text, out var order, out _));
        Assert.Equal(new DeliveryOrder(kind, size), order);
        Assert.Equal(text, order.ToString());
    }

    [Theory]
    [InlineData("random")]
    [InlineData("window:0")]
    [InlineData("window:-3")]
    [InlineData("window:")]
    [InlineData("")]
    public void BadOrdersAreRefusedWithAReason(string text)
    {
        Assert.False(DeliveryOrder.TryParse(text, out _, out var error));
        Assert.Contains("--order", error);
    }
}
