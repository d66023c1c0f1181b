namespace CourseCove.Simulator.History;

/// <summary>
/// Generates a realistic Clerk history from a seed: sign-ups, organizations with their first admins and members,
/// then updates, role changes, removals, re-adds with a new membership id, user deletions (with the
/// organizationMembership.deleted events Clerk sends with them) and organization deletions.
/// </summary>
public static class HistoryGenerator
{
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="HistoryOptions.Validate"/>).</exception>
    public static ClerkHistory Generate(HistoryOptions options)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        var builder = new HistoryBuilder(options);
        builder.CreateUsersOrganizationsAndMemberships();
        builder.Churn();
        return new ClerkHistory(options, builder.Events);
    }

    /// <summary>A history with at least <paramref name="minimumEvents"/> events, grown from the options' proportions and cut to size.</summary>
    public static ClerkHistory GenerateAtLeast(HistoryOptions options, int minimumEvents)
    {
        var history = Generate(options);
        for (var factor = 2; history.Count < minimumEvents; factor *= 2)
        {
            if (history.Count == 0)
            {
                throw new ArgumentException("These options generate no events.", nameof(options));
            }

            history = Generate(options.Times(factor));
        }

        return history.Take(minimumEvents);
    }
}
