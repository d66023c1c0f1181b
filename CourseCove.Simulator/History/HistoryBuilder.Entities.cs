using CourseCove.Sync.Events;

namespace CourseCove.Simulator.History;

internal sealed partial class HistoryBuilder
{
    private void CreateUser()
    {
        var at = Tick();
        var (firstName, handle) = _random.Pick(SimNames.FirstNames);
        var primary = new SimContact(_random.Id("idn"), NewEmail(handle), at);
        var user = new SimUser
        {
            Id = _random.Id("user"),
            Handle = handle,
            // Clerk allows users without names (email-only sign-up).
            FirstName = _random.Chance(0.1) ? null : firstName,
            LastName = _random.Chance(0.15) ? null : _random.Pick(SimNames.LastNames),
            Username = _random.Chance(0.5) ? $"{handle}_{_random.Token(4)}" : null,
            ImageUrl = NewImageUrl(),
            HasImage = _random.Chance(0.4),
            PrimaryEmailId = primary.Id,
            ExternalId = _random.Chance(0.2) ? $"ext-{_random.Next(100_000, 999_999)}" : null,
            Plan = _random.Pick(SimNames.Plans),
            StripeCustomerId = "cus_" + _random.Token(14),
            CreatedAt = at,
            UpdatedAt = at,
        };

        // Some users signed up with a secondary address listed first: the primary is found by id, not position.
        if (_random.Chance(0.3))
        {
            user.Emails.Add(new SimContact(_random.Id("idn"), NewEmail(handle), at));
        }

        user.Emails.Add(primary);
        if (_random.Chance(0.4))
        {
            user.Phones.Add(new SimContact(_random.Id("idn"), $"+1555{_random.Next(1_000_000, 9_999_999)}", at));
        }

        _users.Add(user);
        Emit(ClerkEventTypes.UserCreated, at, user.Id, user.Id, null, w => ClerkJsonWriter.User(w, user));
    }

    private SimOrganization CreateOrganization(SimUser creator)
    {
        var at = Tick();
        var n = _organizations.Count;
        var (name, slug) = SimNames.Organizations[n % SimNames.Organizations.Length];
        var round = n / SimNames.Organizations.Length;
        var org = new SimOrganization
        {
            Id = _random.Id("org"),
            Name = round == 0 ? name : $"{name} {round + 1}",
            Slug = round == 0 ? slug : $"{slug}-{round + 1}",
            ImageUrl = NewImageUrl(),
            HasImage = _random.Chance(0.5),
            CreatedBy = creator.Id,
            Tier = _random.Pick(SimNames.Plans),
            MaxAllowedMemberships = 100,
            CreatedAt = at,
            UpdatedAt = at,
        };
        _organizations.Add(org);
        Emit(ClerkEventTypes.OrganizationCreated, at, org.Id, null, org.Id, w => ClerkJsonWriter.Organization(w, org));
        return org;
    }

    private void UpdateUser(SimUser user)
    {
        var at = Tick();
        switch (_random.Next(5))
        {
            case 0:
                user.FirstName = _random.Pick(SimNames.FirstNames).Name;
                user.LastName = _random.Chance(0.1) ? null : _random.Pick(SimNames.LastNames);
                break;
            case 1:
                // A new address made primary: the old one stays first in the list.
                var added = new SimContact(_random.Id("idn"), NewEmail(user.Handle), at);
                user.Emails.Add(added);
                user.PrimaryEmailId = added.Id;
                break;
            case 2:
                user.Username = $"{user.Handle}_{_random.Token(5)}";
                break;
            case 3:
                user.ImageUrl = NewImageUrl();
                user.HasImage = true;
                break;
            default:
                user.Plan = _random.Pick(SimNames.Plans);
                user.Onboarded = true;
                break;
        }

        user.UpdatedAt = at;
        Emit(ClerkEventTypes.UserUpdated, at, user.Id, user.Id, null, w => ClerkJsonWriter.User(w, user));
    }

    private void UpdateOrganization(SimOrganization org)
    {
        var at = Tick();
        switch (_random.Next(3))
        {
            case 0:
                var (name, slug) = _random.Pick(SimNames.Organizations);
                var suffix = _random.Token(3);
                org.Name = $"{name} ({suffix})";
                org.Slug = $"{slug}-{suffix}";
                break;
            case 1:
                org.ImageUrl = NewImageUrl();
                org.HasImage = true;
                break;
            default:
                org.Tier = _random.Pick(SimNames.Plans);
                break;
        }

        org.UpdatedAt = at;
        Emit(ClerkEventTypes.OrganizationUpdated, at, org.Id, null, org.Id, w => ClerkJsonWriter.Organization(w, org));
    }

    private string NewEmail(string handle) => $"{handle}.{_random.Token(6)}@{_random.Pick(SimNames.Domains)}";

    private string NewImageUrl() => "https://img.clerk.com/" + _random.Token(24);
}
