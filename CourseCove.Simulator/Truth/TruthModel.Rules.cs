using System.Text.Json;

namespace CourseCove.Simulator.Truth;

// Clerk's rules for what an event does; the newer updated_at wins, deleted things stay deleted.
public sealed partial class TruthModel
{
    private void ApplyUser(JsonElement data)
    {
        var id = Text(data, "id")!;
        var updatedAt = Number(data, "updated_at");
        if (_users.TryGetValue(id, out var known) && (known.IsDeleted || known.UpdatedAt >= updatedAt))
        {
            return;
        }

        var primaryId = Text(data, "primary_email_address_id");
        string? email = null;
        if (data.TryGetProperty("email_addresses", out var addresses) && addresses.ValueKind == JsonValueKind.Array)
        {
            // The primary is the address whose id is primary_email_address_id, wherever it stands in the list.
            email = addresses.EnumerateArray().Where(a => Text(a, "id") == primaryId)
                .Select(a => Text(a, "email_address")).FirstOrDefault();
        }

        _users[id] = new ExpectedUser(id, email, Text(data, "first_name"), Text(data, "last_name"),
            Text(data, "username"), Text(data, "image_url"), ExpectedUser.Active, updatedAt);
    }

    private void DeleteUser(string id, long timestamp)
    {
        // A user deleted before we ever saw them still leaves a DELETED row.
        _users[id] = _users.TryGetValue(id, out var known)
            ? known with { Status = ExpectedUser.Deleted }
            : new ExpectedUser(id, null, null, null, null, null, ExpectedUser.Deleted, timestamp);
        RemoveMemberships(m => m.UserId == id);
    }

    private void ApplyOrganization(JsonElement data)
    {
        var id = Text(data, "id")!;
        var updatedAt = Number(data, "updated_at");
        if (_deletedOrganizations.Contains(id)
            || (_organizations.TryGetValue(id, out var known) && known.UpdatedAt >= updatedAt))
        {
            return;
        }

        _organizations[id] = new ExpectedOrganization(id, Text(data, "name")!, Text(data, "slug"), Text(data, "image_url"), updatedAt);
    }

    private void DeleteOrganization(string id)
    {
        _organizations.Remove(id);
        _deletedOrganizations.Add(id);
        RemoveMemberships(m => m.OrganizationId == id);
    }

    private void ApplyMembership(JsonElement data)
    {
        var id = Text(data, "id")!;
        var organizationId = Text(data.GetProperty("organization"), "id")!;
        var userId = Text(data.GetProperty("public_user_data"), "user_id")!;
        var updatedAt = Number(data, "updated_at");
        if (_deletedMemberships.Contains(id) || _deletedOrganizations.Contains(organizationId)
            || (_users.TryGetValue(userId, out var user) && user.IsDeleted)
            || (_memberships.TryGetValue(id, out var known) && known.UpdatedAt >= updatedAt))
        {
            return;
        }

        // One membership per (organization, user): the newer one owns the pair, ties broken by id.
        var holder = _memberships.Values.FirstOrDefault(m => m.OrganizationId == organizationId && m.UserId == userId && m.Id != id);
        if (holder is not null)
        {
            if (holder.UpdatedAt > updatedAt || (holder.UpdatedAt == updatedAt && string.CompareOrdinal(holder.Id, id) > 0))
            {
                return;
            }

            _memberships.Remove(holder.Id);
        }

        _memberships[id] = new ExpectedMembership(id, organizationId, userId, Text(data, "role")!, updatedAt);
    }

    private void RemoveMembership(string id)
    {
        _memberships.Remove(id);
        _deletedMemberships.Add(id);
    }

    private void RemoveMemberships(Func<ExpectedMembership, bool> which)
    {
        foreach (var membership in _memberships.Values.Where(which).ToList())
        {
            RemoveMembership(membership.Id);
        }
    }
}
