using CourseCove.Sync.Events;

namespace CourseCove.Simulator.History;

internal sealed partial class HistoryBuilder
{
    private enum ChurnKind
    {
        Update,
        RemoveMembership,
        RemoveAndReAddMembership,
        DeleteUser,
        DeleteOrganization,
        ReAdd,
    }

    private sealed record ChurnStep(ChurnKind Kind, SimMembership? Removed = null);

    // Users and organizations waiting to be re-added to each other are not deleted meanwhile, so the re-add happens.
    private readonly HashSet<string> _reserved = [];

    /// <summary>The life after sign-up: updates and removals in random order, re-adds some time after their removal.</summary>
    public void Churn()
    {
        List<ChurnStep> steps = [.. Enumerable.Repeat(new ChurnStep(ChurnKind.Update), _options.Updates)];
        // The first four removals cover every kind, so any history with four or more exercises them all.
        ChurnKind[] firstRemovals =
            [ChurnKind.RemoveAndReAddMembership, ChurnKind.DeleteUser, ChurnKind.DeleteOrganization, ChurnKind.RemoveMembership];
        for (var i = 0; i < _options.Deletes; i++)
        {
            steps.Add(new ChurnStep(i < firstRemovals.Length ? firstRemovals[i] : _random.Next(100) switch
            {
                < 25 => ChurnKind.RemoveMembership,
                < 50 => ChurnKind.RemoveAndReAddMembership,
                < 80 => ChurnKind.DeleteUser,
                _ => ChurnKind.DeleteOrganization,
            }));
        }

        _random.Shuffle(steps);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            switch (step.Kind)
            {
                case ChurnKind.Update:
                    Update();
                    break;
                case ChurnKind.RemoveMembership or ChurnKind.RemoveAndReAddMembership:
                    var candidates = ActiveMemberships.ToList();
                    if (candidates.Count == 0)
                    {
                        break;
                    }

                    var removed = _random.Pick(candidates);
                    RemoveMembership(removed);
                    if (step.Kind == ChurnKind.RemoveAndReAddMembership)
                    {
                        _reserved.Add(removed.User.Id);
                        _reserved.Add(removed.Organization.Id);
                        steps.Insert(_random.Next(i + 1, steps.Count + 1), new ChurnStep(ChurnKind.ReAdd, removed));
                    }

                    break;
                case ChurnKind.ReAdd:
                    var previous = step.Removed!;
                    _reserved.Remove(previous.User.Id);
                    _reserved.Remove(previous.Organization.Id);
                    // Clerk gives the re-added user a new membership id.
                    CreateMembership(previous.Organization, previous.User, PickRole());
                    break;
                case ChurnKind.DeleteUser:
                    var users = ActiveUsers.Where(u => !_reserved.Contains(u.Id)).ToList();
                    if (users.Count > 0)
                    {
                        DeleteUser(_random.Pick(users));
                    }

                    break;
                case ChurnKind.DeleteOrganization:
                    var organizations = ActiveOrganizations.Where(o => !_reserved.Contains(o.Id)).ToList();
                    if (organizations.Count > 0)
                    {
                        DeleteOrganization(_random.Pick(organizations));
                    }

                    break;
            }
        }
    }

    private void Update()
    {
        // Users change most, then roles, then organizations; fall through to whatever still exists.
        var roll = _random.Next(100);
        var memberships = ActiveMemberships.ToList();
        var organizations = ActiveOrganizations.ToList();
        var users = ActiveUsers.ToList();
        if (roll < 35 && memberships.Count > 0)
        {
            ChangeRole(_random.Pick(memberships));
        }
        else if ((roll < 55 || users.Count == 0) && organizations.Count > 0)
        {
            UpdateOrganization(_random.Pick(organizations));
        }
        else if (users.Count > 0)
        {
            UpdateUser(_random.Pick(users));
        }
    }
}
