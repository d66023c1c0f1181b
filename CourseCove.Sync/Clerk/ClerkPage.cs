namespace CourseCove.Sync.Clerk;

/// <summary>One page of a Clerk list endpoint.</summary>
/// <param name="Items">The objects that parsed (same shapes as webhook <c>data</c>).</param>
/// <param name="Count">How many objects Clerk returned, unreadable ones included: a page shorter than asked is the last.</param>
/// <param name="TotalCount">Clerk's <c>total_count</c> where the endpoint gives one.</param>
/// <param name="UnreadableIds">Ids of objects that did not parse as CourseCove needs them (logged, never deleted for it).</param>
public sealed record ClerkPage<T>(IReadOnlyList<T> Items, int Count, long? TotalCount, IReadOnlyList<string> UnreadableIds);
