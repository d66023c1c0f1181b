using CourseCove.Sync.Events;

namespace CourseCove.Sync.Clerk;

/// <summary>What applying a batch of Clerk objects (or deletions) did, counted the way a reconciliation run reports it.</summary>
public sealed record SnapshotOutcome
{
    public int Created { get; init; }
    public int Updated { get; init; }

    /// <summary>Older than, or equal to, what is stored; or about something deleted here (never resurrected).</summary>
    public int Unchanged { get; init; }

    public int Deleted { get; init; }

    /// <summary>User and organization keys (<c>user:...</c>) that changed: parked events waiting for them can run.</summary>
    public IReadOnlyList<string> Settled { get; init; } = [];

    /// <summary>Memberships not applied because their user or organization is not stored yet.</summary>
    public IReadOnlyList<WaitingMembership> Waiting { get; init; } = [];

    public static readonly SnapshotOutcome None = new();
}

/// <summary>A membership that needs these dependency keys stored before it can be applied.</summary>
public sealed record WaitingMembership(ClerkMembership Membership, IReadOnlyList<string> Missing);
