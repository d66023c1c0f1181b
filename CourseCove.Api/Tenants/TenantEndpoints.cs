using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CourseCove.Api.Tenants;

/// <summary>
/// The app's reads of the synced data, on the Clerk session token it already has. The tenant comes from the token
/// only — no endpoint takes an organization id — and PostgreSQL's row-level security does the isolation.
/// </summary>
internal static class TenantEndpoints
{
    private const int DefaultPageSize = 50;

    public static IEndpointRouteBuilder MapTenantApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api").WithTags("Tenant").RequireAuthorization(TenantExtensions.Policy);
        group.MapGet("/me", GetMeAsync);
        group.MapGet("/organizations/current", GetCurrentOrganizationAsync);
        group.MapGet("/organizations/current/members", GetMembersAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<MeAnswer>, ProblemHttpResult>> GetMeAsync(
        HttpContext http, ClaimsPrincipal principal, TenantViews views, CancellationToken ct)
    {
        var (view, problem) = await views.ResolveAsync(http, principal, needsOrganization: false, page: null, ct);
        return view is null ? problem! : TypedResults.Ok(new MeAnswer(view.User!, view.Organizations));
    }

    private static async Task<Results<Ok<OrganizationAnswer>, ProblemHttpResult>> GetCurrentOrganizationAsync(
        HttpContext http, ClaimsPrincipal principal, TenantViews views, CancellationToken ct)
    {
        var (view, problem) = await views.ResolveAsync(http, principal, needsOrganization: true, page: null, ct);
        return view is null ? problem! : TypedResults.Ok(view.ActiveMembership!);
    }

    private static async Task<Results<Ok<MembersAnswer>, ValidationProblem, ProblemHttpResult>> GetMembersAsync(
        HttpContext http, ClaimsPrincipal principal, TenantViews views, CancellationToken ct, int limit = DefaultPageSize, int offset = 0)
    {
        if (limit is < 1 or > TenantReader.MaxPageSize || offset < 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["limit"] = [$"'limit' must be between 1 and {TenantReader.MaxPageSize}, and 'offset' zero or more."],
            });
        }

        var (view, problem) = await views.ResolveAsync(http, principal, needsOrganization: true, (limit, offset), ct);
        return view is null ? problem! : TypedResults.Ok(view.Members!);
    }
}
