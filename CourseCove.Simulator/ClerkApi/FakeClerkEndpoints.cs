using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CourseCove.Simulator.ClerkApi;

/// <summary>
/// The Backend API's read endpoints in Clerk's shapes: <c>/users</c> is a plain array (its total comes from
/// <c>/users/count</c>); the other lists are <c>{"data":[...],"total_count":N}</c>; a missing object is a 404 with
/// Clerk's <c>{"errors":[...]}</c> body. Paging is <c>limit</c> (1-500, default 10) and <c>offset</c>, newest first
/// unless <c>order_by</c> says <c>+created_at</c> (or another sort).
/// </summary>
internal static class FakeClerkEndpoints
{
    /// <param name="snapshot">What Clerk holds.</param>
    /// <param name="lists">What unfiltered lists show (normally the same).</param>
    public static void Map(RouteGroupBuilder v1, Func<ClerkSnapshot> snapshot, Func<ClerkSnapshot> lists)
    {
        v1.MapGet("/users", (HttpRequest request) => Page(request, Users(request, snapshot, lists), (items, _) => $"[{items}]"));
        v1.MapGet("/users/count", (HttpRequest request) =>
            Json($$"""{"object":"total_count","total_count":{{Users(request, snapshot, lists).Count}}}"""));
        v1.MapGet("/users/{id}", (string id) =>
            snapshot().UsersById.TryGetValue(id, out var user) ? Json(user.Json) : NotFound("user", id));
        v1.MapGet("/users/{id}/organization_memberships", (string id, HttpRequest request) =>
        {
            var current = snapshot();
            return current.UsersById.ContainsKey(id)
                ? Page(request, current.Memberships.Where(m => m.UserId == id).ToList(), DataList)
                : NotFound("user", id);
        });
        v1.MapGet("/organizations", (HttpRequest request) => Page(request, lists().Organizations, DataList));
        v1.MapGet("/organizations/{idOrSlug}", (string idOrSlug) =>
            FindOrganization(snapshot(), idOrSlug) is { } org ? Json(org.Json) : NotFound("organization", idOrSlug));
        v1.MapGet("/organizations/{idOrSlug}/memberships", (string idOrSlug, HttpRequest request) =>
        {
            var current = snapshot();
            return FindOrganization(current, idOrSlug) is { } org
                ? Page(request, current.MembershipsByOrganization.GetValueOrDefault(org.Id) ?? [], DataList)
                : NotFound("organization", idOrSlug);
        });
        v1.MapGet("/organization_memberships", (HttpRequest request) => Page(request, lists().Memberships, DataList));
    }

    public static IResult Error(int status, string code, string message) => Results.Text(
        JsonSerializer.Serialize(new
        {
            errors = new[] { new { message, long_message = message, code } },
            clerk_trace_id = Guid.NewGuid().ToString("N"),
        }), "application/json", Encoding.UTF8, status);

    private static IResult Page(HttpRequest request, IReadOnlyList<ClerkObject> all, Func<string, int, string> shape)
    {
        var limit = Number(request, "limit", 10);
        var offset = Number(request, "offset", 0);
        if (limit is not (>= 1 and <= 500) || offset < 0)
        {
            return Error(StatusCodes.Status422UnprocessableEntity, "form_param_value_invalid",
                "limit must be between 1 and 500 and offset zero or more");
        }

        if (Ordered(all, request.Query["order_by"].ToString()) is not { } ordered)
        {
            return Error(StatusCodes.Status422UnprocessableEntity, "form_param_value_invalid", "order_by is not supported");
        }

        var page = ordered.Skip(offset).Take(limit).Select(o => o.Json);
        return Json(shape(string.Join(',', page), all.Count));
    }

    private static string DataList(string items, int total) => $$"""{"data":[{{items}}],"total_count":{{total}}}""";

    /// <summary>The list in the asked order; null for an order this fake does not know.</summary>
    private static IEnumerable<ClerkObject>? Ordered(IReadOnlyList<ClerkObject> oldestFirst, string orderBy) => orderBy switch
    {
        "" or "-created_at" => Enumerable.Range(0, oldestFirst.Count).Select(i => oldestFirst[oldestFirst.Count - 1 - i]),
        "created_at" or "+created_at" => oldestFirst,
        "updated_at" or "+updated_at" => oldestFirst.OrderBy(o => o.UpdatedAt).ThenBy(o => o.Id, StringComparer.Ordinal),
        "-updated_at" => oldestFirst.OrderByDescending(o => o.UpdatedAt).ThenByDescending(o => o.Id, StringComparer.Ordinal),
        _ => null,
    };

    /// <summary>All users as listed, or with <c>user_id=</c> filters the ones Clerk has of those ids.</summary>
    private static IReadOnlyList<ClerkObject> Users(HttpRequest request, Func<ClerkSnapshot> snapshot, Func<ClerkSnapshot> lists)
    {
        var ids = request.Query["user_id"];
        return ids.Count == 0 ? lists().Users : snapshot().Users.Where(u => ids.Contains(u.Id)).ToList();
    }

    private static ClerkObject? FindOrganization(ClerkSnapshot snapshot, string idOrSlug) =>
        snapshot.OrganizationsById.TryGetValue(idOrSlug, out var org) ? org
            : snapshot.Organizations.FirstOrDefault(o => SlugOf(o) == idOrSlug);

    private static string? SlugOf(ClerkObject organization)
    {
        using var json = JsonDocument.Parse(organization.Json);
        return json.RootElement.TryGetProperty("slug", out var slug) && slug.ValueKind == JsonValueKind.String ? slug.GetString() : null;
    }

    private static int Number(HttpRequest request, string name, int fallback) =>
        int.TryParse(request.Query[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
            : request.Query.ContainsKey(name) ? -1 : fallback;

    private static IResult Json(string json) => Results.Text(json, "application/json", Encoding.UTF8);

    private static IResult NotFound(string kind, string id) =>
        Error(StatusCodes.Status404NotFound, "resource_not_found", $"{kind} {id} not found");
}
