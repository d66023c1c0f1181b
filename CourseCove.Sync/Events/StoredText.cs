using System.Text.Json;
using System.Text.Json.Serialization;

namespace CourseCove.Sync.Events;

/// <summary>
/// The one mapping from Clerk's text to what PostgreSQL stores: U+0000 (valid in JSON, which Clerk's encoder emits as
/// <c>\u0000</c>, but impossible in a PostgreSQL <c>text</c> value) is removed; everything else is kept as sent.
/// Deterministic, so the same event always yields the same row.
/// </summary>
public static class StoredText
{
    public static string Map(string value) =>
        value.Contains('\0') ? value.Replace("\0", string.Empty, StringComparison.Ordinal) : value;

    public static string? MapOrNull(string? value) => value is null ? null : Map(value);

    /// <summary>Applies <see cref="Map"/> to every string the parser reads into a payload.</summary>
    internal sealed class Converter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? Map(reader.GetString()!)
                : throw new JsonException($"Expected a string, found {reader.TokenType}.");

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);
    }
}
