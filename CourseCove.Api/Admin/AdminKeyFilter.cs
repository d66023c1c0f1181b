using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CourseCove.Api.Admin;

/// <summary>
/// Guards the operations endpoints with <c>Authorization: Bearer &lt;Admin:ApiKey&gt;</c>: 404 while no key is
/// configured (the endpoints do not exist), 401 for a missing or wrong key, compared in constant time.
/// </summary>
internal sealed class AdminKeyFilter(IOptions<AdminOptions> options) : IEndpointFilter
{
    private readonly byte[]? _keyHash = string.IsNullOrEmpty(options.Value.ApiKey) ? null : Hash(options.Value.ApiKey);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_keyHash is null)
        {
            return TypedResults.NotFound();
        }

        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        // Hashing first gives equal lengths, so the comparison time says nothing about the key.
        var presented = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? Hash(header[scheme.Length..].Trim()) : null;
        if (presented is null || !CryptographicOperations.FixedTimeEquals(presented, _keyHash))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Admin key required",
                detail: "Send Authorization: Bearer <Admin:ApiKey>.");
        }

        return await next(context);
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
