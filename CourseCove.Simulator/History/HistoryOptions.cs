namespace CourseCove.Simulator.History;

/// <summary>How big a Clerk history to generate; the same options and seed always give the same history.</summary>
public sealed record HistoryOptions
{
    /// <summary>Users created (user.created).</summary>
    public int Users { get; init; } = 20;

    /// <summary>Organizations created, each by an existing user who becomes its first admin.</summary>
    public int Organizations { get; init; } = 5;

    /// <summary>Memberships created up front (creators' included); at most one per (organization, user).</summary>
    public int Memberships { get; init; } = 40;

    /// <summary>Later changes: user and organization updates and membership role changes.</summary>
    public int Updates { get; init; } = 30;

    /// <summary>
    /// Later removals: membership deletions (some re-added with a new id), user deletions and organization
    /// deletions; from four on, every kind occurs at least once.
    /// </summary>
    public int Deletes { get; init; } = 8;

    public int Seed { get; init; } = 42;

    /// <summary>Clerk's clock at the first event; fixed by default so histories are reproducible.</summary>
    public DateTimeOffset StartsAt { get; init; } = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Why these options cannot make a history; empty when they can.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        foreach (var (name, value) in new[]
                 {
                     ("users", Users), ("orgs", Organizations), ("memberships", Memberships),
                     ("updates", Updates), ("deletes", Deletes),
                 })
        {
            if (value < 0)
            {
                errors.Add($"--{name} must be zero or more (was {value}).");
            }
        }

        if (Organizations > 0 && Users == 0)
        {
            errors.Add("--orgs needs at least one user: every organization is created by a user.");
        }

        return errors;
    }

    /// <summary>These options scaled up by a whole factor (used to fill a steady-rate run).</summary>
    public HistoryOptions Times(int factor) => this with
    {
        Users = Users * factor,
        Organizations = Organizations * factor,
        Memberships = Memberships * factor,
        Updates = Updates * factor,
        Deletes = Deletes * factor,
    };
}
