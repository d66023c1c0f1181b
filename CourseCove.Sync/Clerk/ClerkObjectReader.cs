using System.Text.Json;
using CourseCove.Sync.Events;

namespace CourseCove.Sync.Clerk;

/// <summary>
/// Reads Backend API objects with the webhook parser itself: an object has the shape of a webhook's <c>data</c>, so
/// reading it as the <c>data</c> of a <c>*.updated</c> event gives exactly the validation and payload records webhooks get.
/// </summary>
internal static class ClerkObjectReader
{
    public static ClerkPage<T> ReadArray<T>(JsonElement array, string eventType, Func<ClerkEvent, T?> select, long? totalCount)
        where T : class
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"Expected a JSON array of {typeof(T).Name} objects.");
        }

        List<T> items = [];
        List<string> unreadable = [];
        foreach (var element in array.EnumerateArray())
        {
            if (Read(element, eventType, select) is { } item)
            {
                items.Add(item);
            }
            else if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var id)
                     && id.ValueKind == JsonValueKind.String)
            {
                unreadable.Add(id.GetString()!);
            }
        }

        return new ClerkPage<T>(items, array.GetArrayLength(), totalCount, unreadable);
    }

    public static T? Read<T>(JsonElement element, string eventType, Func<ClerkEvent, T?> select) where T : class
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return ClerkEventParser.TryRead(eventType, null, element, out var evt, out _) ? select(evt!) : null;
    }

    /// <summary>Reads <c>{"data":[...],"total_count":N}</c>, the shape of every list endpoint but <c>/users</c>.</summary>
    public static ClerkPage<T> ReadList<T>(JsonElement root, string eventType, Func<ClerkEvent, T?> select) where T : class =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data)
            ? ReadArray(data, eventType, select,
                root.TryGetProperty("total_count", out var total) && total.ValueKind == JsonValueKind.Number ? total.GetInt64() : null)
            : throw new JsonException("Expected {\"data\":[...],\"total_count\":N}.");
}
