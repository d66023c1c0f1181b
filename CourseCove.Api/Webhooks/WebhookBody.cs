using System.Buffers;
using System.Text;

namespace CourseCove.Api.Webhooks;

/// <summary>Reads a request body up to a limit without ever buffering more than the limit.</summary>
internal static class WebhookBody
{
    /// <summary>Svix payloads are small; anything over 1 MiB is refused (413).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The body as UTF-8 text, or null when it is larger than <see cref="MaxBytes"/>.</summary>
    public static async Task<string?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(MaxBytes + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length, MaxBytes + 1 - length), ct)) > 0)
            {
                length += read;
                if (length > MaxBytes)
                {
                    return null;
                }
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
