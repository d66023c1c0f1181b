using System.Globalization;

namespace CourseCove.Simulator.Delivery;

public enum DeliveryOrderKind
{
    /// <summary>Clerk's order.</summary>
    InOrder,

    /// <summary>A full (seeded) shuffle.</summary>
    Shuffled,

    /// <summary>Shuffled within a sliding window: an event moves at most <see cref="DeliveryOrder.WindowSize"/> - 1 places.</summary>
    Window,
}

/// <summary>The order in which Svix hands events to the senders: <c>inorder</c>, <c>shuffled</c> or <c>window:N</c>.</summary>
public sealed record DeliveryOrder(DeliveryOrderKind Kind, int WindowSize = 1)
{
    public static readonly DeliveryOrder InOrder = new(DeliveryOrderKind.InOrder);
    public static readonly DeliveryOrder Shuffled = new(DeliveryOrderKind.Shuffled);

    public static DeliveryOrder Window(int size) => size >= 1
        ? new(DeliveryOrderKind.Window, size)
        : throw new ArgumentOutOfRangeException(nameof(size), size, "A window holds at least one event.");

    public static bool TryParse(string? text, out DeliveryOrder order, out string? error)
    {
        order = InOrder;
        error = null;
        var value = text?.Trim().ToLowerInvariant();
        switch (value)
        {
            case "inorder" or "in-order":
                return true;
            case "shuffled" or "shuffle":
                order = Shuffled;
                return true;
        }

        if (value is not null && value.StartsWith("window:", StringComparison.Ordinal)
            && int.TryParse(value["window:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            && size >= 1)
        {
            order = Window(size);
            return true;
        }

        error = $"--order must be 'inorder', 'shuffled' or 'window:N' with N a whole number of at least 1 (was '{text}').";
        return false;
    }

    public override string ToString() => Kind switch
    {
        DeliveryOrderKind.Shuffled => "shuffled",
        DeliveryOrderKind.Window => $"window:{WindowSize}",
        _ => "inorder",
    };
}
