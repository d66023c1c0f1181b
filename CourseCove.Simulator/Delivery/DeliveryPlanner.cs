using CourseCove.Simulator.History;
using CourseCove.Sync.Events;

namespace CourseCove.Simulator.Delivery;

/// <summary>One delivery Svix makes: an event of the history, or a repeat of one (same svix-id).</summary>
/// <param name="Index">Position in the plan: senders take deliveries in this order.</param>
/// <param name="Gates">In race mode, the deliveries this one must trail, and by how much.</param>
public sealed record PlannedDelivery(int Index, HistoryEvent Event, bool IsDuplicate, IReadOnlyList<RaceGate> Gates);

/// <summary>Send only <paramref name="Lead"/> after delivery <paramref name="DeliveryIndex"/> was first sent.</summary>
public sealed record RaceGate(int DeliveryIndex, TimeSpan Lead);

/// <summary>Decides, from a seed, the order in which a history is delivered, which events come twice and the races.</summary>
public static class DeliveryPlanner
{
    public static IReadOnlyList<PlannedDelivery> Plan(ClerkHistory history, DeliveryOptions options)
    {
        var random = new SimRandom(options.Seed);
        var ordered = Order(history.Events, options.Order, random);
        var entries = ordered.Select((e, i) => new Entry(e, i, false, [])).ToList();
        if (options.Race)
        {
            entries = Race(entries, options.MaxRaceLead, random);
        }

        entries = AddDuplicates(entries, options.DuplicateShare, random);

        // Gates were noted against entries; the plan refers to deliveries by their final index.
        var indexOf = entries.Select((e, i) => (e, i)).ToDictionary(x => x.e, x => x.i);
        return entries.Select((e, i) => new PlannedDelivery(i, e.Event, e.IsDuplicate,
            e.Gates.Select(g => new RaceGate(indexOf[g.Entry], g.Lead)).ToArray())).ToArray();
    }

    /// <summary>The events in delivery order; each exactly once.</summary>
    public static IReadOnlyList<HistoryEvent> Order(IReadOnlyList<HistoryEvent> events, DeliveryOrder order, int seed) =>
        Order(events, order, new SimRandom(seed));

    private static List<HistoryEvent> Order(IReadOnlyList<HistoryEvent> events, DeliveryOrder order, SimRandom random)
    {
        var list = events.ToList();
        switch (order.Kind)
        {
            case DeliveryOrderKind.Shuffled:
                random.Shuffle(list);
                return list;
            case DeliveryOrderKind.Window:
                // Each event is keyed somewhere in [i, i + N): it can only trade places with events fewer than N away.
                return list.Select((e, i) => (e, Key: i + random.NextDouble() * order.WindowSize))
                    .OrderBy(x => x.Key).Select(x => x.e).ToList();
            default:
                return list;
        }
    }

    private sealed class Entry(HistoryEvent evt, double key, bool isDuplicate, List<(Entry Entry, TimeSpan Lead)> gates)
    {
        public HistoryEvent Event => evt;
        public double Key { get; set; } = key;
        public bool IsDuplicate => isDuplicate;
        public List<(Entry Entry, TimeSpan Lead)> Gates => gates;
    }

    private static List<Entry> Race(List<Entry> entries, TimeSpan maxLead, SimRandom random)
    {
        var creations = entries.Where(e => e.Event.Type is ClerkEventTypes.UserCreated or ClerkEventTypes.OrganizationCreated)
            .ToDictionary(e => e.Event.ObjectId, StringComparer.Ordinal);
        // The user and the organization move to just behind the first membership that needs them and trail it by
        // a lead; later memberships keep their place. Moving memberships ahead instead would pile them all up in
        // front of the users (created first in a history) and hold them back for seconds.
        var gated = new HashSet<Entry>();
        foreach (var membership in entries.Where(e => e.Event.Type == ClerkEventTypes.MembershipCreated).OrderBy(e => e.Key).ToList())
        {
            var dependencies = new[] { membership.Event.UserId, membership.Event.OrganizationId }
                .Where(id => id is not null && creations.ContainsKey(id)).Select(id => creations[id!])
                .Where(gated.Add).ToList();
            var lead = TimeSpan.FromMilliseconds(random.NextDouble() * maxLead.TotalMilliseconds);
            foreach (var dependency in dependencies)
            {
                dependency.Key = membership.Key + 0.25 + dependency.Key / (entries.Count * 4.0);
                dependency.Gates.Add((membership, lead));
            }
        }

        return entries.OrderBy(e => e.Key).ToList();
    }

    private static List<Entry> AddDuplicates(List<Entry> entries, double share, SimRandom random)
    {
        var count = (int)Math.Round(share * entries.Count);
        if (count == 0)
        {
            return entries;
        }

        var chosen = Enumerable.Range(0, entries.Count).ToList();
        random.Shuffle(chosen);
        var keyed = entries.Select((e, i) => (Entry: e, Key: (double)i)).ToList();
        foreach (var position in chosen.Take(count))
        {
            // A repeat comes strictly later than its original, anywhere up to the end.
            var key = position + 0.5 + random.NextDouble() * (entries.Count - position - 0.5);
            keyed.Add((new Entry(entries[position].Event, key, true, []), key));
        }

        return keyed.OrderBy(x => x.Key).Select(x => x.Entry).ToList();
    }
}
