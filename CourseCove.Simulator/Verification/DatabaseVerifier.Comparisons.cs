using Npgsql;

namespace CourseCove.Simulator.Verification;

public sealed partial class DatabaseVerifier
{
    private async Task<IEnumerable<string>> CompareUsersAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var rows = await ReadAsync(connection,
            "SELECT id, email, first_name, last_name, username, image_url, status FROM users WHERE id = ANY($1)",
            UserIds.ToArray(), ct);
        List<string> differences = [];
        foreach (var expected in model.Users.Values.OrderBy(u => u.Id, StringComparer.Ordinal))
        {
            if (!rows.TryGetValue(expected.Id, out var row))
            {
                differences.Add($"user {expected.Id}: missing (expected {expected.Status})");
                continue;
            }

            Compare(differences, $"user {expected.Id}", "status", expected.Status, row[6]);
            // The server keeps the last data it saw of a deleted user, or none if the delete came first.
            if (!expected.IsDeleted)
            {
                Compare(differences, $"user {expected.Id}", "email", expected.Email, row[1]);
                Compare(differences, $"user {expected.Id}", "first_name", expected.FirstName, row[2]);
                Compare(differences, $"user {expected.Id}", "last_name", expected.LastName, row[3]);
                Compare(differences, $"user {expected.Id}", "username", expected.Username, row[4]);
                Compare(differences, $"user {expected.Id}", "image_url", expected.ImageUrl, row[5]);
            }
        }

        return differences;
    }

    private async Task<IEnumerable<string>> CompareOrganizationsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var rows = await ReadAsync(connection,
            "SELECT id, name, slug, image_url FROM organizations WHERE id = ANY($1)", OrganizationIds.ToArray(), ct);
        List<string> differences = [];
        foreach (var id in OrganizationIds.Order(StringComparer.Ordinal))
        {
            var found = rows.TryGetValue(id, out var row);
            if (!model.Organizations.TryGetValue(id, out var expected))
            {
                if (found)
                {
                    differences.Add($"organization {id}: present, but Clerk deleted it");
                }

                continue;
            }

            if (!found)
            {
                differences.Add($"organization {id}: missing");
                continue;
            }

            Compare(differences, $"organization {id}", "name", expected.Name, row![1]);
            Compare(differences, $"organization {id}", "slug", expected.Slug, row[2]);
            Compare(differences, $"organization {id}", "image_url", expected.ImageUrl, row[3]);
        }

        return differences;
    }

    private async Task<IEnumerable<string>> CompareMembershipsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var rows = await ReadAsync(connection,
            "SELECT id, organization_id, user_id, role FROM organization_memberships WHERE id = ANY($1)",
            MembershipIds.ToArray(), ct);
        List<string> differences = [];
        foreach (var id in MembershipIds.Order(StringComparer.Ordinal))
        {
            var found = rows.TryGetValue(id, out var row);
            if (!model.Memberships.TryGetValue(id, out var expected))
            {
                if (found)
                {
                    differences.Add($"membership {id}: present (role {row![3]}), but it was removed in Clerk");
                }

                continue;
            }

            if (!found)
            {
                differences.Add($"membership {id}: missing (user {expected.UserId} in {expected.OrganizationId} as {expected.Role})");
                continue;
            }

            Compare(differences, $"membership {id}", "organization_id", expected.OrganizationId, row![1]);
            Compare(differences, $"membership {id}", "user_id", expected.UserId, row[2]);
            Compare(differences, $"membership {id}", "role", expected.Role, row[3]);
        }

        return differences;
    }

    private async Task<IEnumerable<string>> CompareWebhookEventsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var rows = await ReadAsync(connection,
            "SELECT webhook_id, status, attempts, last_error FROM webhook_events WHERE webhook_id = ANY($1)",
            history.Events.Select(e => e.SvixId).ToArray(), ct);
        List<string> differences = [];
        foreach (var evt in history.Events)
        {
            if (!rows.TryGetValue(evt.SvixId, out var row))
            {
                differences.Add($"webhook {evt.SvixId} ({evt.Type}): never recorded");
            }
            else if ((string?)row[1] != "completed")
            {
                var error = row[3] is string e ? $", last error: {e}" : "";
                differences.Add($"webhook {evt.SvixId} ({evt.Type}): {row[1]} after {row[2]} attempts{error}");
            }
        }

        return differences;
    }

    private static void Compare(List<string> differences, string what, string column, string? expected, object? actual)
    {
        var value = actual as string;
        if (!string.Equals(expected, value, StringComparison.Ordinal))
        {
            differences.Add($"{what}: {column} is {Show(value)}, expected {Show(expected)}");
        }
    }

    private static string Show(string? value) => value is null ? "null" : $"'{value}'";
}
