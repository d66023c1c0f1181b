using CourseCove.Sync.Events;
using CourseCove.Sync.Processing;

namespace CourseCove.Sync.Clerk;

/// <summary>Counts one batch's outcomes as created / updated / unchanged / deleted.</summary>
internal sealed class SnapshotTally(bool deleting)
{
    private int _created, _updated, _unchanged, _deleted;
    private readonly List<string> _settled = [];
    private readonly List<WaitingMembership> _waiting = [];

    public void Add(ClerkEvent evt, ApplyOutcome outcome, bool existed)
    {
        _settled.AddRange(outcome.SettledDependencies);
        if (outcome.IsWaiting && evt.Membership is { } membership)
        {
            _waiting.Add(new WaitingMembership(membership, outcome.MissingDependencies));
        }
        else if (!outcome.Changed)
        {
            _unchanged++;
        }
        else if (deleting)
        {
            _deleted++;
        }
        else if (existed)
        {
            _updated++;
        }
        else
        {
            _created++;
        }
    }

    /// <summary>Counts a page statement's outcome; what it neither changed nor deferred is unchanged.</summary>
    public void Add(EventApplier.PageOutcome page, int objects)
    {
        _created += page.Created;
        _updated += page.Updated;
        _unchanged += objects - page.Created - page.Updated - page.Deferred.Count;
        _settled.AddRange(page.Settled);
    }

    public SnapshotOutcome ToOutcome() => new()
    {
        Created = _created,
        Updated = _updated,
        Unchanged = _unchanged,
        Deleted = _deleted,
        Settled = _settled,
        Waiting = _waiting,
    };
}
