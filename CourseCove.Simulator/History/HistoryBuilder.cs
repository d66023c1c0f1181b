using System.Text.Json;
using CourseCove.Sync.Events;

namespace CourseCove.Simulator.History;

/// <summary>Clerk's clock, state and event log while one history is generated.</summary>
internal sealed partial class HistoryBuilder
{
    private readonly HistoryOptions _options;
    private readonly SimRandom _random;
    private readonly ClerkJsonWriter _json;
    private readonly List<HistoryEvent> _events = [];
    private readonly List<SimUser> _users = [];
    private readonly List<SimOrganization> _organizations = [];
    private readonly List<SimMembership> _memberships = [];
    private readonly HashSet<(string Organization, string User)> _pairs = [];
    private long _clock;

    public HistoryBuilder(HistoryOptions options)
    {
        _options = options;
        _random = new SimRandom(SimRandom.SeedFor(options));
        _json = new ClerkJsonWriter(_random.Id("ins"), _random.Pick(SimNames.UserAgents));
        _clock = options.StartsAt.ToUnixTimeMilliseconds();
    }

    public IReadOnlyList<HistoryEvent> Events => _events;

    private IEnumerable<SimUser> ActiveUsers => _users.Where(u => !u.Deleted);

    private IEnumerable<SimOrganization> ActiveOrganizations => _organizations.Where(o => !o.Deleted);

    private IEnumerable<SimMembership> ActiveMemberships => _memberships.Where(m => !m.Deleted);

    /// <summary>Sign-ups, new organizations and joins interleaved, as they happen in a young Clerk instance.</summary>
    public void CreateUsersOrganizationsAndMemberships()
    {
        var (users, organizations, memberships) = (_options.Users, _options.Organizations, _options.Memberships);
        while (true)
        {
            // Each step is a sign-up, a new organization or a join, in proportion to what is left of each.
            var userWeight = users;
            var organizationWeight = organizations > 0 && _users.Count > 0 ? organizations : 0;
            var joinWeight = memberships > 0 && _pairs.Count < _users.Count * _organizations.Count ? memberships : 0;
            if (userWeight + organizationWeight + joinWeight == 0)
            {
                // Done, or more memberships were asked for than there are (organization, user) pairs.
                return;
            }

            var roll = _random.Next(userWeight + organizationWeight + joinWeight);
            if (roll < userWeight)
            {
                CreateUser();
                users--;
            }
            else if (roll < userWeight + organizationWeight)
            {
                var creator = _random.Pick(_users);
                var org = CreateOrganization(creator);
                organizations--;
                if (memberships > 0)
                {
                    // The creator becomes the first admin, the way Clerk's createOrganization works.
                    CreateMembership(org, creator, ClerkRoles.Admin);
                    memberships--;
                }
            }
            else
            {
                var (org, user) = FreePair();
                CreateMembership(org, user, PickRole());
                memberships--;
            }
        }
    }

    private long Tick() => _clock += _random.Next(1, 1500);

    private void Emit(string type, long timestamp, string objectId, string? userId, string? organizationId,
        Action<Utf8JsonWriter> data) =>
        _events.Add(new HistoryEvent(_events.Count, _random.Id("msg"), type, timestamp, objectId, userId,
            organizationId, _json.Event(type, timestamp, data)));

    private string PickRole() => _random.Next(100) switch
    {
        < 70 => ClerkRoles.Member,
        < 85 => ClerkRoles.Instructor,
        _ => ClerkRoles.Admin,
    };

    private (SimOrganization, SimUser) FreePair()
    {
        var organizations = ActiveOrganizations.ToList();
        var users = ActiveUsers.ToList();
        for (var i = 0; i < 20; i++)
        {
            var (org, user) = (_random.Pick(organizations), _random.Pick(users));
            if (!_pairs.Contains((org.Id, user.Id)))
            {
                return (org, user);
            }
        }

        // Nearly full: choose among the free pairs themselves.
        var free = organizations.SelectMany(o => users.Select(u => (o, u)))
            .Where(p => !_pairs.Contains((p.o.Id, p.u.Id))).ToList();
        return _random.Pick(free);
    }

    private SimMembership CreateMembership(SimOrganization org, SimUser user, string role)
    {
        var at = Tick();
        var membership = new SimMembership
        {
            Id = _random.Id("orgmem"), Organization = org, User = user, Role = role, CreatedAt = at, UpdatedAt = at,
        };
        _memberships.Add(membership);
        _pairs.Add((org.Id, user.Id));
        org.MembersCount++;
        Emit(ClerkEventTypes.MembershipCreated, at, membership.Id, user.Id, org.Id,
            w => ClerkJsonWriter.Membership(w, membership));
        return membership;
    }
}
