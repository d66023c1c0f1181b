using CourseCove.Sync.Processing;
using CourseCove.Sync.Streaming;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CourseCove.Sync.Clerk;

/// <summary>
/// Fetch-on-wait's building block: brings the users and organizations that parked events wait for straight from
/// the Backend API. A 404 means Clerk has no such object any more: a user is soft-deleted, an organization deleted
/// and tombstoned, through the same ordering rules as webhooks, so either way the key is settled.
/// </summary>
public sealed partial class ClerkDependencyFetcher(
    ClerkApiClient clerk,
    ClerkSnapshotApplier applier,
    WebhookQueue queue,
    IOptions<ClerkApiOptions> options,
    TimeProvider clock,
    ILogger<ClerkDependencyFetcher> logger)
{
    /// <summary>
    /// Fetches and applies each <c>user:...</c> / <c>organization:...</c> key (see <see cref="DependencyKeys"/>) and
    /// announces them on the dependency channel, so parked events run at once. Returns the keys that are settled now
    /// (stored, or deleted); a key Clerk could not be asked about (unreachable, errors after retries) is logged and left
    /// out. Empty when Clerk:SecretKey is not set. Database failures propagate: the caller decides what they mean.
    /// </summary>
    public async Task<IReadOnlyList<string>> FetchAndApplyAsync(IEnumerable<string> dependencyKeys, CancellationToken ct)
    {
        if (!options.Value.IsEnabled)
        {
            return [];
        }

        List<string> settled = [];
        foreach (var key in dependencyKeys.Distinct(StringComparer.Ordinal))
        {
            try
            {
                if (await FetchAndApplyOneAsync(key, ct))
                {
                    settled.Add(key);
                }
            }
            catch (Exception ex) when (ex is not NpgsqlException && !ct.IsCancellationRequested)
            {
                LogFetchFailed(logger, key, ex.GetType().Name, ex.Message);
            }
        }

        await queue.TryAnnounceStoredAsync(settled);
        return settled;
    }

    private async Task<bool> FetchAndApplyOneAsync(string key, CancellationToken ct)
    {
        if (key.StartsWith(DependencyKeys.UserPrefix, StringComparison.Ordinal))
        {
            var id = key[DependencyKeys.UserPrefix.Length..];
            var user = await clerk.GetUserAsync(id, ct);
            var outcome = user is null
                ? await applier.DeleteUsersAsync([id], clock.GetUtcNow(), ct)
                : await applier.ApplyUsersAsync([user], ct);
            LogFetched(logger, key, user is null ? "deleted in Clerk" : "stored", outcome.Created + outcome.Updated + outcome.Deleted > 0);
            return true;
        }

        if (key.StartsWith(DependencyKeys.OrganizationPrefix, StringComparison.Ordinal))
        {
            var id = key[DependencyKeys.OrganizationPrefix.Length..];
            var organization = await clerk.GetOrganizationAsync(id, ct);
            var outcome = organization is null
                ? await applier.DeleteOrganizationsAsync([id], clock.GetUtcNow(), ct)
                : await applier.ApplyOrganizationsAsync([organization], ct);
            LogFetched(logger, key, organization is null ? "deleted in Clerk" : "stored", outcome.Created + outcome.Updated + outcome.Deleted > 0);
            return true;
        }

        LogUnknownKey(logger, key);
        return false;
    }

    [LoggerMessage(LogLevel.Information, "Fetched {Key} from Clerk: {Result} (changed rows: {Changed})")]
    private static partial void LogFetched(ILogger logger, string key, string result, bool changed);

    [LoggerMessage(LogLevel.Warning, "Could not fetch {Key} from Clerk ({Type}): {Error}")]
    private static partial void LogFetchFailed(ILogger logger, string key, string type, string error);

    [LoggerMessage(LogLevel.Warning, "{Key} names neither a user nor an organization; not fetched")]
    private static partial void LogUnknownKey(ILogger logger, string key);
}
