using System.Security.Claims;
using System.Text.Json;

namespace CourseCove.Api.Tenants;

/// <summary>
/// Who a verified Clerk session token speaks for: the user (<c>sub</c>) and the active organization — the <c>o</c>
/// claim of token v2 (<c>{"id","rol","slg",...}</c>) or <c>org_id</c> of v1. The tenant comes from here only.
/// </summary>
public sealed record ClerkSession(string UserId, string? OrganizationId)
{
    public static ClerkSession? From(ClaimsPrincipal principal)
    {
        var userId = principal.FindFirst("sub")?.Value;
        if (string.IsNullOrWhiteSpace(userId))
        {
            return null;
        }

        return new ClerkSession(userId, OrganizationV2(principal) ?? NonEmpty(principal.FindFirst("org_id")?.Value));
    }

    private static string? OrganizationV2(ClaimsPrincipal principal)
    {
        if (principal.FindFirst("o")?.Value is not { } json)
        {
            return null;
        }

        try
        {
            using var o = JsonDocument.Parse(json);
            return o.RootElement.ValueKind == JsonValueKind.Object && o.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String ? NonEmpty(id.GetString()) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
