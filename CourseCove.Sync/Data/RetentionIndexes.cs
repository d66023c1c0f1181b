using CourseCove.Sync.Events;

namespace CourseCove.Sync.Data;

/// <summary>
/// Predicates of the partial indexes the retention pass walks. Its queries repeat them word for word: PostgreSQL uses a
/// partial index only when it can prove the query's condition implies the index's.
/// </summary>
internal static class RetentionIndexes
{
    /// <summary>Events whose body may name a user: user events and membership events (<c>public_user_data</c>).</summary>
    public const string SubjectTypes =
        $"event_type IN ('{ClerkEventTypes.UserCreated}', '{ClerkEventTypes.UserUpdated}', '{ClerkEventTypes.UserDeleted}', "
        + $"'{ClerkEventTypes.MembershipCreated}', '{ClerkEventTypes.MembershipUpdated}', '{ClerkEventTypes.MembershipDeleted}')";

    /// <summary>Bodies still held: what pruning looks through, oldest first.</summary>
    public const string WithPayload = "payload IS NOT NULL";

    /// <summary>
    /// Bodies of completed or failed events whose user is not recorded: those that did not complete through the rules
    /// (dead letters) and those stored before the user was recorded. The pass reads them once.
    /// </summary>
    public const string SubjectUnread =
        $"subject_user_id IS NULL AND payload IS NOT NULL AND status <> '{WebhookEvent.Pending}' AND {SubjectTypes}";

    /// <summary>Bodies known to concern a user: what erasure looks up by user id.</summary>
    public const string WithSubject = "subject_user_id IS NOT NULL AND payload IS NOT NULL";

    /// <summary>Deleted users that still hold personal data.</summary>
    public const string UsersToErase = $"status = '{User.Deleted}' AND (email IS NOT NULL OR first_name IS NOT NULL "
        + "OR last_name IS NOT NULL OR username IS NOT NULL OR image_url IS NOT NULL)";
}
