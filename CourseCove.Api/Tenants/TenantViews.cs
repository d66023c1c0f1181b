using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CourseCove.Api.Tenants;

/// <summary>
/// Turns a verified session into what its request may see — fetching from Clerk what a fresh sign-up has not brought
/// by webhook yet — or into the answer that says why not: 401 for a deleted user, 403 without (or outside) an active
/// organization or for a deleted one, 404 with <c>Retry-After</c> while it cannot be fetched.
/// </summary>
internal sealed class TenantViews(TenantReader reader, SignUpFetcher fetcher)
{
    public async Task<(TenantView? View, ProblemHttpResult? Problem)> ResolveAsync(
        HttpContext http, ClaimsPrincipal principal, bool needsOrganization, (int Limit, int Offset)? page, CancellationToken ct)
    {
        if (ClerkSession.From(principal) is not { } session)
        {
            return (null, Problem(StatusCodes.Status401Unauthorized, "Session token required", "The session token names no user (sub)."));
        }

        if (needsOrganization && session.OrganizationId is null)
        {
            return (null, Problem(StatusCodes.Status403Forbidden, "No active organization", "The session has no active organization."));
        }

        var view = await reader.ReadAsync(session, page, ct);
        if (IsMissingSomething(view, session) && fetcher.CanFetch)
        {
            await fetcher.FetchMissingAsync(session, view, ct);
            view = await reader.ReadAsync(session, page, ct);
        }

        if (view.User is null)
        {
            return (null, NotYet(http, "The signed-in user is not in the database yet."));
        }

        if (view.UserDeleted)
        {
            return (null, Problem(StatusCodes.Status401Unauthorized, "User deleted", "The signed-in user has been deleted."));
        }

        if (needsOrganization && view.Active is null)
        {
            return (null, await fetcher.OrganizationDeletedAsync(session.OrganizationId!, ct)
                ? Problem(StatusCodes.Status403Forbidden, "Organization deleted", "The active organization has been deleted.")
                : NotYet(http, "The active organization is not in the database yet."));
        }

        if (needsOrganization && view.ActiveMembership is null)
        {
            return (null, Problem(StatusCodes.Status403Forbidden, "Not a member", "The signed-in user is not a member of the active organization."));
        }

        return (view, null);
    }

    private static bool IsMissingSomething(TenantView view, ClerkSession session) =>
        view.User is null || (session.OrganizationId is not null && view.ActiveMembership is null);

    private static ProblemHttpResult NotYet(HttpContext http, string detail)
    {
        // Svix delivers the webhook within moments; a client that retries after a second finds it.
        http.Response.Headers.RetryAfter = "1";
        return Problem(StatusCodes.Status404NotFound, "Not synchronized yet", detail);
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
