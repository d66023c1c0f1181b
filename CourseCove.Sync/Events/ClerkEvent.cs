namespace CourseCove.Sync.Events;

/// <summary>A parsed Clerk event: exactly one of the typed payloads is set for the types CourseCove applies.</summary>
public sealed record ClerkEvent(string Type, long? Timestamp)
{
    public ClerkUser? User { get; init; }
    public ClerkOrganization? Organization { get; init; }
    public ClerkMembership? Membership { get; init; }
    public ClerkDeletedObject? Deleted { get; init; }

    /// <summary>When Clerk says the event happened, else when we received it.</summary>
    public DateTimeOffset OccurredAt(DateTimeOffset receivedAt) =>
        Timestamp is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : receivedAt;
}
