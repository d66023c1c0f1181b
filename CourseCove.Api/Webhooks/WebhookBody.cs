using System.Buffers;
using System.Text;

namespace CourseCove.Api.Webhooks;

/// <summary>Reads a request body up to a limit, in a pooled buffer sized to the body, never buffering more than the limit.</summary>
internal static class WebhookBody
{
    /// <summary>Svix payloads are small; anything over 1 MiB is refused (413).</summary>
    public const int MaxBytes = 1024 * 1024;

    private const int UnknownLengthStart = 16 * 1024;

    /// <summary>The body as UTF-8 text, or null when it is larger than <see cref="MaxBytes"/>.</summary>
    public static async Task<string?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
        {
            return null;
        }

        // One byte more than announced (or than the limit), so a body longer than it said is noticed.
        var buffer = ArrayPool<byte>.Shared.Rent((int)(request.ContentLength ?? UnknownLengthStart) + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            {
                length += read;
                if (length > MaxBytes)
                {
                    return null;
                }

                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length);
                }
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[] Grow(byte[] buffer, int length)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBytes + 1));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}
