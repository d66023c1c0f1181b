using System.Text.Json.Nodes;

namespace CourseCove.Tests.Support;

/// <summary>What a Clerk user can put into their own event: names, addresses and metadata they type in the browser.</summary>
public static class HostileValues
{
    /// <summary>The body with <paramref name="change"/> applied to its <c>data</c> object (values are re-escaped as JSON).</summary>
    public static string WithData(string body, Action<JsonObject> change)
    {
        var root = JsonNode.Parse(body)!.AsObject();
        change(root["data"]!.AsObject());
        return root.ToJsonString();
    }

    /// <summary>A JSON value nested <paramref name="depth"/> objects deep, as raw JSON text.</summary>
    public static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "\"x\"" + new string('}', depth);

    /// <summary>The body with <c>data.unsafe_metadata</c> replaced by raw JSON text (for depths a JsonNode will not write).</summary>
    public static string WithRawUnsafeMetadata(string body, string json) =>
        body.Replace("\"data\":{", "\"data\":{\"unsafe_metadata\":" + json + ",", StringComparison.Ordinal);

    /// <summary>The hostile user.updated bodies the tests drive through every path, and what PostgreSQL must hold afterwards.</summary>
    public static (string Body, string? FirstName, string? Email) User(string kind, string type, string userId, long updatedAt)
    {
        var plain = ClerkEvents.User(type, userId, updatedAt, email: "ada@example.org");
        return kind switch
        {
            "nul-in-unsafe-metadata" => (WithData(plain, d => d["unsafe_metadata"] = new JsonObject { ["note"] = "a\0b" }), "Ada", "ada@example.org"),
            "nul-in-first-name" => (ClerkEvents.User(type, userId, updatedAt, email: "ada@example.org", firstName: "A\0da\0"), "Ada", "ada@example.org"),
            "nul-in-email" => (ClerkEvents.User(type, userId, updatedAt, email: "ada\0@exam\0ple.org"), "Ada", "ada@example.org"),
            "10000-character-name" => (ClerkEvents.User(type, userId, updatedAt, email: "ada@example.org", firstName: new string('n', 10_000)),
                new string('n', 10_000), "ada@example.org"),
            "metadata-nested-40-deep" => (WithRawUnsafeMetadata(plain, Nested(40)), "Ada", "ada@example.org"),
            "unknown-extra-fields" => (WithData(plain, d =>
            {
                d["favourite_colour"] = "gr\0een";
                d["future_clerk_field"] = new JsonObject { ["nested"] = new JsonArray(1, "two", null) };
            }), "Ada", "ada@example.org"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    public static readonly string[] Kinds =
        ["nul-in-unsafe-metadata", "nul-in-first-name", "nul-in-email", "10000-character-name", "metadata-nested-40-deep", "unknown-extra-fields"];
}
