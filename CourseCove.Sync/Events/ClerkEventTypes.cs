namespace CourseCove.Sync.Events;

/// <summary>The Clerk event types CourseCove applies; every other type is recorded and ignored.</summary>
public static class ClerkEventTypes
{
    public const string UserCreated = "user.created";
    public const string UserUpdated = "user.updated";
    public const string UserDeleted = "user.deleted";
    public const string OrganizationCreated = "organization.created";
    public const string OrganizationUpdated = "organization.updated";
    public const string OrganizationDeleted = "organization.deleted";
    public const string MembershipCreated = "organizationMembership.created";
    public const string MembershipUpdated = "organizationMembership.updated";
    public const string MembershipDeleted = "organizationMembership.deleted";
}
