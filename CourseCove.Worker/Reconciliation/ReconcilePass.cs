using CourseCove.Sync.Clerk;
using CourseCove.Sync.Events;
using CourseCove.Sync.Processing;
using CourseCove.Sync.Streaming;
using Microsoft.Extensions.Options;
using Npgsql;
using static CourseCove.Sync.Telemetry.ReconcileTelemetry;

namespace CourseCove.Worker.Reconciliation;

/// <summary>
/// One reconciliation pass: reads all of Clerk (users, then organizations, then memberships, oldest first), applies it
/// through the ordering rules, and only then — the whole read having succeeded — deletes what Clerk no longer has
/// (<see cref="DeleteWhatClerkNoLongerHasAsync"/>). Any failure ends the pass before the deletions.
/// </summary>
public sealed partial class ReconcilePass(
    ClerkApiClient clerk,
    ClerkSnapshotApplier applier,
    ClerkDependencyFetcher fetcher,
    WebhookQueue queue,
    NpgsqlDataSource dataSource,
    IOptions<ClerkApiOptions> options,
    TimeProvider clock,
    ILogger<ReconcilePass> logger)
{
    /// <summary>List pages in flight at once; the request budget paces them.</summary>
    private const int PagesInFlight = 4;

    /// <summary>
    /// Pages applied at once, each a transaction of its own: PostgreSQL works on one while the next waits for its locks
    /// or runs beside it (users never share a key; memberships of one organization queue on its lock, in key order).
    /// </summary>
    private const int PagesApplying = 2;

    private int PageSize => options.Value.PageSize;

    public async Task RunAsync(ReconcileProgress progress, CancellationToken ct)
    {
        // The database's clock, the one synced_at is written with: only rows older than this may be deleted.
        var passStart = await DatabaseNowAsync(ct);
        var seen = new SeenObjects();

        progress.Phase = "users";
        var userCount = await clerk.CountUsersAsync(ct);
        await ReadAndApplyAsync(User, (offset, t) => clerk.ListUsersAsync(offset, PageSize, t), userCount, seen.Users,
            u => u.Id, applier.ApplyUsersAsync, progress, ct);

        progress.Phase = "organizations";
        await ReadAndApplyAsync(Organization, (offset, t) => clerk.ListOrganizationsAsync(offset, PageSize, t), null,
            seen.Organizations, o => o.Id, applier.ApplyOrganizationsAsync, progress, ct);

        progress.Phase = "memberships";
        await ReadAndApplyAsync(Membership, (offset, t) => clerk.ListMembershipsAsync(offset, PageSize, t), null,
            seen.Memberships, m => m.Id, ApplyMembershipsAsync, progress, ct);

        progress.Phase = "deletions";
        await DeleteWhatClerkNoLongerHasAsync(passStart, seen, progress, ct);
        progress.Phase = "done";
    }

    private async Task ReadAndApplyAsync<T>(string kind, Func<int, CancellationToken, Task<ClerkPage<T>>> fetch, long? total,
        HashSet<string> seen, Func<T, string> idOf, Func<IReadOnlyList<T>, CancellationToken, Task<SnapshotOutcome>> apply,
        ReconcileProgress progress, CancellationToken ct)
    {
        // The next pages download while these are applied.
        List<Task> applying = [];
        try
        {
            await foreach (var page in ClerkPages.ReadAllAsync(fetch, PageSize, PagesInFlight, total, ct))
            {
                seen.UnionWith(page.Items.Select(idOf));
                // An object we cannot read is still one Clerk has: never a reason to delete it.
                seen.UnionWith(page.UnreadableIds);
                foreach (var id in page.UnreadableIds)
                {
                    LogUnreadable(logger, kind, id);
                }

                progress.Fetched(kind, page.Count);
                if (applying.Count == PagesApplying)
                {
                    var applied = await Task.WhenAny(applying);
                    applying.Remove(applied);
                    await applied;
                }

                applying.Add(ApplyPageAsync(kind, page.Items, apply, progress, ct));
            }
        }
        catch (Exception) when (applying.Count > 0)
        {
            // A failure ends the pass, but never with a page still being written behind it.
            try { await Task.WhenAll(applying); } catch (Exception) { }
            throw;
        }

        await Task.WhenAll(applying);
    }

    private async Task ApplyPageAsync<T>(string kind, IReadOnlyList<T> items,
        Func<IReadOnlyList<T>, CancellationToken, Task<SnapshotOutcome>> apply, ReconcileProgress progress, CancellationToken ct)
    {
        var outcome = await apply(items, ct);
        progress.Applied(kind, outcome);
        await queue.TryAnnounceStoredAsync(outcome.Settled);
    }

    /// <summary>A membership whose user or organization is not stored yet (created during the pass) fetches them first.</summary>
    private async Task<SnapshotOutcome> ApplyMembershipsAsync(IReadOnlyList<ClerkMembership> memberships, CancellationToken ct)
    {
        var outcome = await applier.ApplyMembershipsAsync(memberships, ct);
        if (outcome.Waiting.Count == 0)
        {
            return outcome;
        }

        var missing = outcome.Waiting.SelectMany(w => w.Missing).Distinct(StringComparer.Ordinal).ToList();
        var settled = await fetcher.FetchAndApplyAsync(missing, ct);
        if (missing.Except(settled).ToList() is { Count: > 0 } unsettled)
        {
            throw new InvalidOperationException($"Could not fetch {unsettled.Count} users or organizations that memberships need, e.g. {unsettled[0]}.");
        }

        var retried = await applier.ApplyMembershipsAsync(outcome.Waiting.Select(w => w.Membership).ToList(), ct);
        return outcome with
        {
            Created = outcome.Created + retried.Created,
            Updated = outcome.Updated + retried.Updated,
            Unchanged = outcome.Unchanged + retried.Unchanged + retried.Waiting.Count,
            Waiting = [],
        };
    }

    private async Task<DateTimeOffset> DatabaseNowAsync(CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        await using var query = db.Command("SELECT clock_timestamp()");
        await using var reader = await query.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    /// <summary>Ids read from Clerk in this pass, by kind.</summary>
    private sealed class SeenObjects
    {
        public HashSet<string> Users { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Organizations { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Memberships { get; } = new(StringComparer.Ordinal);
    }

    [LoggerMessage(LogLevel.Warning, "Clerk's {Kind} {Id} could not be read; left as it is")]
    private static partial void LogUnreadable(ILogger logger, string kind, string id);
}
