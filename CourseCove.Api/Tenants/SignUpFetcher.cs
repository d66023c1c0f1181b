using CourseCove.Sync.Clerk;
using CourseCove.Sync.Data;
using CourseCove.Sync.Processing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CourseCove.Api.Tenants;

/// <summary>
/// No "not found" for a person who has just signed up: when a valid token names a user, active organization or
/// membership the database does not have yet (the browser beat the webhook), it is fetched from Clerk's Backend API and
/// applied through the ordering rules — never over newer data, never resurrecting what was deleted.
/// </summary>
internal sealed partial class SignUpFetcher(
    ClerkDependencyFetcher dependencies,
    ClerkApiClient clerk,
    ClerkSnapshotApplier applier,
    IOptions<ClerkApiOptions> options,
    NpgsqlDataSource dataSource,
    ILogger<SignUpFetcher> logger)
{
    /// <summary>Without <c>Clerk:SecretKey</c> there is nothing to fetch from: the caller answers 404 with Retry-After.</summary>
    public bool CanFetch => options.Value.IsEnabled;

    /// <summary>Fetches what <paramref name="view"/> lacks of what <paramref name="session"/> names.</summary>
    public async Task FetchMissingAsync(ClerkSession session, TenantView view, CancellationToken ct)
    {
        List<string> keys = [];
        if (view.User is null)
        {
            keys.Add(DependencyKeys.User(session.UserId));
        }

        if (session.OrganizationId is { } organization && view.Active is null)
        {
            keys.Add(DependencyKeys.Organization(organization));
        }

        if (keys.Count > 0)
        {
            LogFetching(logger, string.Join(", ", keys));
            await dependencies.FetchAndApplyAsync(keys, ct);
        }

        if (session.OrganizationId is not null && view.ActiveMembership is null)
        {
            try
            {
                // Clerk has no membership-by-id: the user's memberships are few, and /api/me wants them all anyway.
                if (await clerk.ListUserMembershipsAsync(session.UserId, 0, ClerkApiOptions.MaxPageSize, ct) is { Items.Count: > 0 } page)
                {
                    await applier.ApplyMembershipsAsync(page.Items, ct);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or ClerkApiException or TimeoutException && !ct.IsCancellationRequested)
            {
                LogMembershipsFailed(logger, ex, session.UserId);
            }
        }
    }

    /// <summary>True when the organization was deleted (its tombstone is in the sync tables, not visible to the tenant role).</summary>
    public async Task<bool> OrganizationDeletedAsync(string organizationId, CancellationToken ct)
    {
        await using var db = await dataSource.OpenConnectionAsync(ct);
        return await db.ScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM tombstones WHERE kind = $1 AND id = $2)", ct, Tombstone.OrganizationKind, organizationId);
    }

    [LoggerMessage(LogLevel.Information, "A session names {Keys}, which the database does not have yet: fetching from Clerk")]
    private static partial void LogFetching(ILogger logger, string keys);

    [LoggerMessage(LogLevel.Warning, "Could not fetch the memberships of {UserId} from Clerk")]
    private static partial void LogMembershipsFailed(ILogger logger, Exception exception, string userId);
}
