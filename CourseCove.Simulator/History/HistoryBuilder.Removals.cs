using CourseCove.Sync.Events;

namespace CourseCove.Simulator.History;

// Role changes and everything that takes something away.
internal sealed partial class HistoryBuilder
{
    private void ChangeRole(SimMembership membership)
    {
        var at = Tick();
        membership.Role = _random.Pick(ClerkRoles.All.Where(r => r != membership.Role).ToList());
        membership.UpdatedAt = at;
        Emit(ClerkEventTypes.MembershipUpdated, at, membership.Id, membership.User.Id, membership.Organization.Id,
            w => ClerkJsonWriter.Membership(w, membership));
    }

    private void RemoveMembership(SimMembership membership)
    {
        var at = Tick();
        Forget(membership);
        membership.UpdatedAt = at;
        Emit(ClerkEventTypes.MembershipDeleted, at, membership.Id, membership.User.Id, membership.Organization.Id,
            w => ClerkJsonWriter.Membership(w, membership));
    }

    private void DeleteUser(SimUser user)
    {
        // Clerk removes the user from every organization and says so, membership by membership.
        var memberships = ActiveMemberships.Where(m => m.User == user).ToList();
        _random.Shuffle(memberships);
        foreach (var membership in memberships)
        {
            RemoveMembership(membership);
        }

        var at = Tick();
        user.Deleted = true;
        Emit(ClerkEventTypes.UserDeleted, at, user.Id, user.Id, null, w => ClerkJsonWriter.Deleted(w, user.Id, "user"));
    }

    private void DeleteOrganization(SimOrganization org)
    {
        // The memberships go with the organization; Clerk sends only organization.deleted.
        foreach (var membership in ActiveMemberships.Where(m => m.Organization == org).ToList())
        {
            Forget(membership);
        }

        var at = Tick();
        org.Deleted = true;
        Emit(ClerkEventTypes.OrganizationDeleted, at, org.Id, null, org.Id,
            w => ClerkJsonWriter.Deleted(w, org.Id, "organization"));
    }

    private void Forget(SimMembership membership)
    {
        membership.Deleted = true;
        membership.Organization.MembersCount--;
        _pairs.Remove((membership.Organization.Id, membership.User.Id));
    }
}
