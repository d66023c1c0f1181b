using System.Text.Json.Nodes;
using CourseCove.Simulator.History;
using CsCheck;
using static CourseCove.Sync.Events.ClerkEventTypes;

namespace CourseCove.Tests.Support;

/// <summary>One event of a fuzz scenario: its svix-id, body, and whether it is a well-formed Clerk event.</summary>
public sealed record FuzzEvent(string SvixId, string Type, long Timestamp, string ObjectId, string? UserId, string? OrganizationId,
    string Body, bool Valid)
{
    public HistoryEvent ToHistoryEvent(int sequence) => new(sequence, SvixId, Type, Timestamp, ObjectId, UserId, OrganizationId, Body);
}

/// <summary>
/// A user, an organization and a membership between them with fresh ids — and perhaps an update, an event of another
/// type, a deletion and a malformed body — in Clerk's order, delivered in a random order. Every text field is
/// whatever a stranger could type.
/// </summary>
public sealed record FuzzScenario(IReadOnlyList<FuzzEvent> ClerkOrder, IReadOnlyList<FuzzEvent> DeliveryOrder)
{
    private static readonly string[] Specials =
    [
        "\0", "a\0b", "\0\0\0", "😀🎓", "\u202Eevil", "e\u0301", "'; DROP TABLE users; --", "\\u0000", "%_*", "\"quoted\"",
        "back\\slash", "", " ", "ß", "日本語", "\u2028\u2029", "\uFEFF", "\t\r\n", "<script>alert(1)</script>", "null",
    ];

    // Every character from NUL to Latin Extended, controls included; no lone surrogates (Clerk never sends them).
    private static readonly Gen<char> Chars = Gen.Char['\u0000', '\u024f'];

    public static readonly Gen<string> HostileText = Gen.Frequency(
        (5, Chars.Array[0, 40].Select(chars => new string(chars))),
        (3, Gen.OneOf(Specials)),
        (2, Gen.Select(Chars.Array[0, 8], Gen.OneOf(Specials), Chars.Array[0, 8], (a, s, b) => new string(a) + s + new string(b))),
        (1, Gen.Int[1_000, 10_000].Select(n => new string('n', n) + "\0")));

    private static readonly Gen<string?> MaybeText = Gen.Frequency((4, HostileText.Select(t => (string?)t)), (1, Gen.Const((string?)null)));

    /// <summary>unsafe_metadata: nested up to 40 deep, hostile keys and values.</summary>
    private static readonly Gen<JsonNode> Metadata = Gen.Select(Gen.Int[0, 40], HostileText, HostileText, (depth, key, value) =>
    {
        JsonNode node = JsonValue.Create(value);
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonObject { [key + i] = node } : new JsonArray(node, i);
        }

        return node;
    });

    private static readonly Gen<JsonObject> UserFields =
        Gen.Select(MaybeText, MaybeText, MaybeText, HostileText, Metadata, HostileText, (first, last, username, email, metadata, extra) =>
            new JsonObject
            {
                ["first_name"] = first, ["last_name"] = last, ["username"] = username,
                ["email_addresses"] = new JsonArray(new JsonObject { ["id"] = "idn_other", ["email_address"] = "other@example.org" },
                    new JsonObject { ["id"] = "idn_primary", ["email_address"] = email, ["object"] = "email_address" }),
                ["primary_email_address_id"] = "idn_primary",
                ["image_url"] = "https://img.clerk.com/" + extra,
                ["unsafe_metadata"] = metadata,
                ["a_field_clerk_adds_next_year"] = extra,
            });

    private static readonly Gen<JsonObject> OrganizationFields = Gen.Select(HostileText, MaybeText, (name, slug) =>
        new JsonObject { ["name"] = name, ["slug"] = slug, ["image_url"] = null, ["public_metadata"] = new JsonObject { ["n"] = name } });

    /// <summary>Bodies that are not Clerk events: answered 400, recorded nowhere.</summary>
    private static readonly Gen<Func<string, string>> Malformed = Gen.OneOf<Func<string, string>>(
        id => Event(UserCreated, 1, new JsonObject { ["id"] = id, ["first_name"] = 42, ["created_at"] = 1, ["updated_at"] = 2 }),
        id => Event(UserUpdated, 1, new JsonObject { ["id"] = id, ["created_at"] = 1 }),
        id => Event(OrganizationCreated, 1, new JsonObject { ["id"] = id, ["name"] = null, ["created_at"] = 1, ["updated_at"] = 2 }),
        id => Event("user created", 1, new JsonObject { ["id"] = id }),
        id => Event(MembershipCreated, 1, new JsonObject { ["id"] = id, ["role"] = "r", ["created_at"] = 1, ["updated_at"] = 2 }),
        id => $$"""{"type":"user.created","data":["{{id}}"]}""");

    public static readonly Gen<FuzzScenario> Any =
        from user in UserFields
        from update in UserFields
        from org in OrganizationFields
        from role in HostileText
        from other in HostileText
        from extras in Gen.Int[0, 7] // bit 0: user.updated, bit 1: another event type, bit 2: a malformed body
        from deletion in Gen.Int[0, 4] // 0-2: which deletion ends the scenario, 3-4: none
        from malformed in Malformed
        from shuffle in Gen.Int[0, int.MaxValue]
        select Build(user, (extras & 1) != 0 ? update : null, org, role, (extras & 2) != 0 ? other : null,
            deletion, (extras & 4) != 0 ? malformed : null, shuffle);

    private static FuzzScenario Build(JsonObject user, JsonObject? update, JsonObject org, string role, string? other,
        int deletion, Func<string, string>? malformed, int shuffle)
    {
        var (u, o, m) = (ClerkEvents.NewId("user"), ClerkEvents.NewId("org"), ClerkEvents.NewId("orgmem"));
        var clock = 1_700_000_000_000L;
        var events = new List<FuzzEvent>
        {
            Valid(UserCreated, ++clock, u, u, null, With(user, u, clock)),
            Valid(OrganizationCreated, ++clock, o, null, o, With(org, o, clock)),
            Valid(MembershipCreated, ++clock, m, u, o, MembershipData(m, o, u, role, clock)),
        };
        if (update is not null) events.Add(Valid(UserUpdated, ++clock, u, u, null, With(update, u, clock)));
        if (other is not null) events.Add(Valid("email.created", ++clock, "ema_x", null, null, new JsonObject { ["id"] = "ema_x", ["body"] = other }));
        events.AddRange(deletion switch
        {
            0 => [Valid(UserDeleted, ++clock, u, u, null, new JsonObject { ["id"] = u, ["deleted"] = true })],
            1 => [Valid(OrganizationDeleted, ++clock, o, null, o, new JsonObject { ["id"] = o, ["deleted"] = true })],
            2 => [Valid(MembershipDeleted, ++clock, m, u, o, MembershipData(m, o, u, role, clock))],
            _ => [],
        });
        if (malformed is not null)
        {
            var svixId = ClerkEvents.NewId("msg");
            events.Add(new FuzzEvent(svixId, "malformed", clock, svixId, null, null, malformed(ClerkEvents.NewId("user")), Valid: false));
        }

        var random = new Random(shuffle);
        return new FuzzScenario(events, events.OrderBy(_ => random.Next()).ToList());
    }

    private static FuzzEvent Valid(string type, long timestamp, string objectId, string? userId, string? orgId, JsonObject data) =>
        new(ClerkEvents.NewId("msg"), type, timestamp, objectId, userId, orgId, Event(type, timestamp, data), Valid: true);

    private static JsonObject With(JsonObject fields, string id, long clock)
    {
        var data = fields.DeepClone().AsObject();
        data["id"] = id;
        data["created_at"] = 1_600_000_000_000;
        data["updated_at"] = clock;
        return data;
    }

    private static JsonObject MembershipData(string id, string orgId, string userId, string role, long clock) => new()
    {
        ["id"] = id, ["object"] = "organization_membership", ["role"] = role,
        ["organization"] = new JsonObject { ["id"] = orgId, ["name"] = role },
        ["public_user_data"] = new JsonObject { ["user_id"] = userId, ["identifier"] = role, ["first_name"] = role },
        ["created_at"] = 1_600_000_000_000, ["updated_at"] = clock,
    };

    private static string Event(string type, long timestamp, JsonNode data) =>
        new JsonObject { ["data"] = data, ["object"] = "event", ["timestamp"] = timestamp, ["type"] = type }.ToJsonString();
}
