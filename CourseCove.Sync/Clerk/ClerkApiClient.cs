using System.Net;
using System.Text.Json;
using CourseCove.Sync.Events;

namespace CourseCove.Sync.Clerk;

/// <summary>
/// The typed client for Clerk's Backend API (reads only). Its HttpClient carries the secret key, the tuned standard
/// resilience handler (Retry-After on 429, jittered retries of 5xx and timeouts, a circuit breaker) and the shared
/// <see cref="ClerkRequestBudget"/>; see <see cref="ClerkApiExtensions.AddClerkApi{TBuilder}"/>.
/// Lists are read in Clerk's stable order, oldest first (<c>order_by=+created_at</c>).
/// </summary>
public sealed class ClerkApiClient(HttpClient http)
{
    private const string OldestFirst = "%2Bcreated_at";

    /// <summary><c>GET /users</c>: a plain JSON array of users.</summary>
    public async Task<ClerkPage<ClerkUser>> ListUsersAsync(int offset, int limit, CancellationToken ct)
    {
        using var body = await GetAsync($"users?limit={limit}&offset={offset}&order_by={OldestFirst}", ct);
        return ClerkObjectReader.ReadArray(body!.RootElement, ClerkEventTypes.UserUpdated, e => e.User, null);
    }

    /// <summary><c>GET /users?user_id=...</c>: the users among <paramref name="ids"/> (at most 100) that Clerk still has.</summary>
    public async Task<ClerkPage<ClerkUser>> ListUsersByIdAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var filter = string.Join('&', ids.Select(id => "user_id=" + Uri.EscapeDataString(id)));
        using var body = await GetAsync($"users?limit={Math.Max(ids.Count, 1)}&{filter}", ct);
        return ClerkObjectReader.ReadArray(body!.RootElement, ClerkEventTypes.UserUpdated, e => e.User, null);
    }

    /// <summary><c>GET /users/count</c>: <c>{"object":"total_count","total_count":N}</c>.</summary>
    public async Task<long> CountUsersAsync(CancellationToken ct)
    {
        using var body = await GetAsync("users/count", ct);
        return body!.RootElement.GetProperty("total_count").GetInt64();
    }

    /// <summary><c>GET /users/{id}</c>; null when Clerk has no such user (404): it was deleted, or never existed.</summary>
    public async Task<ClerkUser?> GetUserAsync(string id, CancellationToken ct)
    {
        using var body = await GetAsync($"users/{Uri.EscapeDataString(id)}", ct, notFoundIsNull: true);
        return body is null ? null : ReadOne(body, ClerkEventTypes.UserUpdated, e => e.User, id);
    }

    /// <summary><c>GET /organizations</c>: <c>{"data":[...],"total_count":N}</c>.</summary>
    public async Task<ClerkPage<ClerkOrganization>> ListOrganizationsAsync(int offset, int limit, CancellationToken ct)
    {
        using var body = await GetAsync($"organizations?limit={limit}&offset={offset}&order_by={OldestFirst}", ct);
        return ClerkObjectReader.ReadList(body!.RootElement, ClerkEventTypes.OrganizationUpdated, e => e.Organization);
    }

    /// <summary><c>GET /organizations/{id}</c>; null when Clerk has no such organization (404).</summary>
    public async Task<ClerkOrganization?> GetOrganizationAsync(string id, CancellationToken ct)
    {
        using var body = await GetAsync($"organizations/{Uri.EscapeDataString(id)}", ct, notFoundIsNull: true);
        return body is null ? null : ReadOne(body, ClerkEventTypes.OrganizationUpdated, e => e.Organization, id);
    }

    /// <summary><c>GET /organization_memberships</c>: every membership of the instance.</summary>
    public async Task<ClerkPage<ClerkMembership>> ListMembershipsAsync(int offset, int limit, CancellationToken ct)
    {
        using var body = await GetAsync($"organization_memberships?limit={limit}&offset={offset}&order_by={OldestFirst}", ct);
        return ClerkObjectReader.ReadList(body!.RootElement, ClerkEventTypes.MembershipUpdated, e => e.Membership);
    }

    /// <summary><c>GET /organizations/{id}/memberships</c>; null when Clerk has no such organization (404).</summary>
    public async Task<ClerkPage<ClerkMembership>?> ListOrganizationMembershipsAsync(
        string organizationId, int offset, int limit, CancellationToken ct)
    {
        using var body = await GetAsync(
            $"organizations/{Uri.EscapeDataString(organizationId)}/memberships?limit={limit}&offset={offset}&order_by={OldestFirst}",
            ct, notFoundIsNull: true);
        return body is null ? null : ClerkObjectReader.ReadList(body.RootElement, ClerkEventTypes.MembershipUpdated, e => e.Membership);
    }

    /// <summary><c>GET /users/{id}/organization_memberships</c>: the user's memberships; null when Clerk has no such user.</summary>
    public async Task<ClerkPage<ClerkMembership>?> ListUserMembershipsAsync(string userId, int offset, int limit, CancellationToken ct)
    {
        using var body = await GetAsync($"users/{Uri.EscapeDataString(userId)}/organization_memberships?limit={limit}&offset={offset}",
            ct, notFoundIsNull: true);
        return body is null ? null : ClerkObjectReader.ReadList(body.RootElement, ClerkEventTypes.MembershipUpdated, e => e.Membership);
    }

    private async Task<JsonDocument?> GetAsync(string path, CancellationToken ct, bool notFoundIsNull = false)
    {
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
        if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ClerkApiException.FromAsync(response, path.Split('?')[0], ct);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        // The webhook parser's depth limit: a user's metadata nested deeper than 64 must not fail the page it is on.
        return await JsonDocument.ParseAsync(stream, ClerkEventParser.DocumentOptions, ct);
    }

    private static T ReadOne<T>(JsonDocument body, string eventType, Func<ClerkEvent, T?> select, string id) where T : class =>
        ClerkObjectReader.Read(body.RootElement, eventType, select)
        ?? throw new JsonException($"Clerk's object {id} is not a {typeof(T).Name} CourseCove can read.");
}
