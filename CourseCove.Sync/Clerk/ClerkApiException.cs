using System.Net;
using System.Text.Json;

namespace CourseCove.Sync.Clerk;

/// <summary>
/// Clerk's Backend API answered with an error after the resilience pipeline gave up (or for an error no retry helps,
/// such as 401 or 422): the server was reached and said no. Unreachable servers surface as
/// <see cref="HttpRequestException"/> or Polly's timeout and circuit-breaker exceptions instead.
/// </summary>
public sealed class ClerkApiException(HttpStatusCode status, string path, string? code, string? detail)
    : Exception($"Clerk's Backend API answered {(int)status} for GET {path}" + (code is null ? "" : $" ({code}: {detail})"))
{
    public HttpStatusCode Status => status;

    /// <summary>The first of Clerk's <c>errors[].code</c>, e.g. <c>resource_not_found</c>.</summary>
    public string? Code => code;

    internal static async Task<ClerkApiException> FromAsync(HttpResponseMessage response, string path, CancellationToken ct)
    {
        string? code = null, detail = null;
        try
        {
            // Clerk's error body: {"errors":[{"message","long_message","code"}],"clerk_trace_id":...}.
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
            if (body.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                && errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                code = first.TryGetProperty("code", out var c) ? c.GetString() : null;
                detail = first.TryGetProperty("message", out var m) ? m.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // Not Clerk's error shape (a proxy's page): the status code says enough.
        }

        return new ClerkApiException(response.StatusCode, path, code, detail);
    }
}
