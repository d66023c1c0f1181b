using CourseCove.Sync.Clerk;
using CourseCove.Sync.Events;
using CourseCove.Sync.Processing;
using CourseCove.Tests.Infrastructure;
using CourseCove.Tests.Support;
using Npgsql;
using static CourseCove.Sync.Events.ClerkEventTypes;
using static CourseCove.Tests.Support.ClerkEvents;

namespace CourseCove.Tests.Reconciliation;

/// <summary>
/// A page of snapshots applied in one statement ends exactly as its objects applied one by one, in id order, through
/// the one-event rules: random stored states (updates, soft-deleted users, tombstones, parked memberships, pairs held by
/// another membership) against random pages (older, equal and newer versions, repeated ids and pairs, missing users).
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class SnapshotPageTests(AppHostFixture app) : IAsyncLifetime
{
    private const int Rounds = 60;
    private IsolatedEnvironment _paged = null!, _oneByOne = null!;

    public async Task InitializeAsync()
    {
        _paged = await IsolatedEnvironment.CreateAsync(app);
        _oneByOne = await IsolatedEnvironment.CreateAsync(app);
    }

    public async Task DisposeAsync()
    {
        await _paged.DisposeAsync();
        await _oneByOne.DisposeAsync();
    }

    [Fact]
    public async Task APageEndsAsItsObjectsAppliedOneByOne()
    {
        using var host = ReconcileHost.Create(_paged, ("Clerk:SecretKey", "sk_test_pages"), ("Clerk:ApiUrl", "http://127.0.0.1:9/v1"));
        var applier = host.Get<ClerkSnapshotApplier>();
        var changedPaged = 0;
        var changedOneByOne = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var world = new World(new Random(9100 + round), round);
            foreach (var body in world.History())
            {
                await _paged.Db.DeliverAsync(body);
                await _oneByOne.Db.DeliverAsync(body);
            }

            var (users, organizations, memberships) = world.Page();
            var outcomes = new[]
            {
                await applier.ApplyUsersAsync(users, CancellationToken.None),
                await applier.ApplyOrganizationsAsync(organizations, CancellationToken.None),
                await applier.ApplyMembershipsAsync(memberships, CancellationToken.None),
            };
            var reference = await ApplyOneByOneAsync(
                [.. users.Select(u => new ClerkEvent(UserUpdated, null) { User = u }).OrderBy(e => e.User!.Id, StringComparer.Ordinal)],
                [.. organizations.Select(o => new ClerkEvent(OrganizationUpdated, null) { Organization = o }).OrderBy(e => e.Organization!.Id, StringComparer.Ordinal)],
                [.. memberships.Select(m => new ClerkEvent(MembershipUpdated, null) { Membership = m }).OrderBy(e => e.Membership!.Id, StringComparer.Ordinal)]);

            Assert.Equal(users.Count + organizations.Count + memberships.Count,
                outcomes.Sum(o => o.Created + o.Updated + o.Unchanged + o.Waiting.Count));
            Assert.Equal(reference.Waiting.Order(StringComparer.Ordinal), outcomes.SelectMany(o => o.Waiting).Select(w => w.Membership.Id).Order(StringComparer.Ordinal));
            Assert.Equal(reference.Settled.Order(StringComparer.Ordinal), outcomes.SelectMany(o => o.Settled).Order(StringComparer.Ordinal));
            Assert.Equal(reference.Changed, outcomes.Sum(o => o.Created + o.Updated));
            changedPaged += outcomes.Sum(o => o.Created + o.Updated);
            changedOneByOne += reference.Changed;
        }

        Assert.Equal(await TablesAsync(_oneByOne), await TablesAsync(_paged));
        // The rounds exercised both writing and leaving alone.
        Assert.InRange(changedPaged, Rounds, Rounds * 20);
        Assert.Equal(changedOneByOne, changedPaged);
    }

    [Fact]
    public async Task HostileTextInAPageIsStoredAsWebhooksStoreIt()
    {
        using var host = ReconcileHost.Create(_paged, ("Clerk:SecretKey", "sk_test_pages"), ("Clerk:ApiUrl", "http://127.0.0.1:9/v1"));
        var id = NewId("user");
        // A NUL is what PostgreSQL's text refuses; the parser drops it, for pages as for webhooks.
        var body = User(UserUpdated, id, 100, email: "nul\u0000@example.org", firstName: "Ad\u0000a", lastName: new string('x', 10_000));
        Assert.True(ClerkEventParser.TryParse(body, out var evt, out var error), error);

        var outcome = await host.Get<ClerkSnapshotApplier>().ApplyUsersAsync([evt!.User!], CancellationToken.None);

        Assert.Equal(1, outcome.Created);
        var stored = await _paged.Db.UserAsync(id);
        Assert.Equal(("nul@example.org", "Ada"), (stored?.Email, stored?.FirstName));
    }

    private sealed record Reference(int Changed, List<string> Waiting, List<string> Settled);

    /// <summary>The one-event rules, object by object in id order, users then organizations then memberships.</summary>
    private async Task<Reference> ApplyOneByOneAsync(params List<ClerkEvent>[] kinds)
    {
        var reference = new Reference(0, [], []);
        var changed = 0;
        await using var db = await _oneByOne.Db.DataSource.OpenConnectionAsync();
        foreach (var events in kinds)
        {
            await using var tx = await db.BeginTransactionAsync();
            foreach (var evt in events)
            {
                var outcome = await EventApplier.ApplyAsync(db, evt, DateTimeOffset.UtcNow, CancellationToken.None);
                changed += outcome.Changed ? 1 : 0;
                reference.Settled.AddRange(outcome.SettledDependencies);
                if (outcome.IsWaiting)
                {
                    reference.Waiting.Add(evt.Membership!.Id);
                }
            }

            await tx.CommitAsync();
        }

        return reference with { Changed = changed };
    }

    /// <summary>Every synced row and tombstone, as text, without the sync times.</summary>
    private static async Task<List<string>> TablesAsync(IsolatedEnvironment env)
    {
        List<string> rows = [];
        await using var db = await env.Db.DataSource.OpenConnectionAsync();
        foreach (var sql in new[]
        {
            "SELECT 'user', id, email, first_name, last_name, username, image_url, status, created_at, updated_at, deleted_at IS NULL FROM users ORDER BY id",
            "SELECT 'organization', id, name, slug, image_url, created_at, updated_at FROM organizations ORDER BY id",
            "SELECT 'membership', id, organization_id, user_id, role, created_at, updated_at FROM organization_memberships ORDER BY id",
            "SELECT 'tombstone', kind, id FROM tombstones ORDER BY kind, id",
        })
        {
            await using var command = new NpgsqlCommand(sql, db);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : reader.GetValue(i).ToString())));
            }
        }

        return rows;
    }

    /// <summary>A small world per round, so that ids and (organization, user) pairs collide often.</summary>
    private sealed class World(Random random, int round)
    {
        private readonly string[] _users = [.. Enumerable.Range(0, 4).Select(i => $"user_p{round}_{i}")];
        private readonly string[] _organizations = [.. Enumerable.Range(0, 2).Select(i => $"org_p{round}_{i}")];
        private readonly (string Id, string Organization, string User)[] _memberships = NewMemberships(random, round);
        private static readonly long[] Versions = [100, 200, 300];

        private static (string, string, string)[] NewMemberships(Random random, int round) =>
            [.. Enumerable.Range(0, 7).Select(i => ($"orgmem_p{round}_{i}", $"org_p{round}_{random.Next(2)}", $"user_p{round}_{random.Next(4)}"))];

        private long Version => Versions[random.Next(Versions.Length)];
        private string Pick(string[] ids) => ids[random.Next(ids.Length)];

        /// <summary>Webhooks that build the stored state both databases start the page from.</summary>
        public IEnumerable<string> History()
        {
            for (var i = 0; i < 20; i++)
            {
                var membership = _memberships[random.Next(_memberships.Length)];
                yield return random.Next(10) switch
                {
                    < 3 => User(UserUpdated, Pick(_users), Version, email: $"h{i}@example.org", firstName: $"H{i}"),
                    3 => Deleted(UserDeleted, Pick(_users), 1_700_000_000_000),
                    < 6 => Organization(OrganizationUpdated, Pick(_organizations), Version, name: $"Org {i}"),
                    6 => Deleted(OrganizationDeleted, Pick(_organizations), 1_700_000_000_000),
                    < 9 => Membership(MembershipCreated, membership.Id, membership.Organization, membership.User, Version, role: $"org:h{i}"),
                    _ => Membership(MembershipDeleted, membership.Id, membership.Organization, membership.User, Version),
                };
            }
        }

        /// <summary>One page of each kind, as the Backend API would return them (repeats included).</summary>
        public (List<ClerkUser>, List<ClerkOrganization>, List<ClerkMembership>) Page() => (
            [.. Enumerable.Range(0, 6).Select(i => Parse(User(UserUpdated, Pick(_users), Version, email: $"p{i}@example.org", firstName: $"P{i}")).User!)],
            [.. Enumerable.Range(0, 4).Select(i => Parse(Organization(OrganizationUpdated, Pick(_organizations), Version, name: $"Page org {i}")).Organization!)],
            [.. Enumerable.Range(0, 8).Select(i =>
            {
                var (id, organization, user) = _memberships[random.Next(_memberships.Length)];
                return Parse(Membership(MembershipUpdated, id, organization, user, Version, role: $"org:p{i}")).Membership!;
            })]);

        private static ClerkEvent Parse(string body)
        {
            Assert.True(ClerkEventParser.TryParse(body, out var evt, out var error), error);
            return evt!;
        }
    }
}
