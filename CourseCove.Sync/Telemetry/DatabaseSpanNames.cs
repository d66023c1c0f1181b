using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Npgsql;

namespace CourseCove.Sync.Telemetry;

/// <summary>
/// Names a database span after what its statement does, "INSERT webhook_events" or "SELECT users", instead of
/// Npgsql's default (the database's name), so a trace reads as what happened. Operation and first table (or, for a
/// SELECT of no table, the function it calls) only: span names must not carry values.
/// </summary>
public static partial class DatabaseSpanNames
{
    private const string Fallback = "postgresql";

    private static readonly HashSet<string> DataStatements = ["SELECT", "INSERT", "UPDATE", "DELETE", "MERGE"];
    // The keyword after which a statement names its table (UPDATE names it right away).
    private static readonly HashSet<string> TableKeywords = ["FROM", "INTO", "UPDATE", "JOIN", "TABLE"];
    private static readonly HashSet<string> Noise = ["ONLY", "IF", "NOT", "EXISTS", "LATERAL"];

    // The services send a few dozen distinct statements, each thousands of times: summarized once each (the regex
    // reads the whole text, kilobytes for an event's statement). Bounded, in case something sends ad-hoc SQL.
    private const int MaxRemembered = 1024;
    private static readonly ConcurrentDictionary<string, string> Remembered = new(StringComparer.Ordinal);

    public static string For(NpgsqlCommand command) => Remember(command.CommandText);

    /// <summary>A batch (EF Core's SaveChanges) by its distinct statements, in order.</summary>
    public static string For(NpgsqlBatch batch) =>
        string.Join("; ", batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => Remember(c.CommandText)).Distinct().Take(3)) is { Length: > 0 } name
            ? name
            : Fallback;

    private static string Remember(string sql)
    {
        if (Remembered.TryGetValue(sql, out var name))
        {
            return name;
        }

        name = Summarize(sql);
        if (Remembered.Count < MaxRemembered)
        {
            Remembered.TryAdd(sql, name);
        }

        return name;
    }

    public static string Summarize(string? sql)
    {
        var matches = Words().Matches(sql ?? "").Where(m => m.Groups["word"].Success).ToList();
        var words = matches.Select(m => m.Groups["word"].Value).ToList();
        if (words.Count == 0 || !char.IsLetter(words[0][0]))
        {
            return Fallback;
        }

        var operation = words[0].ToUpperInvariant();
        var start = 0;
        // WITH x AS (INSERT ...) ...: the statement the CTE runs is what it does.
        if (operation == "WITH" && words.FindIndex(w => DataStatements.Contains(w.ToUpperInvariant())) is var inner and > 0)
        {
            start = inner;
            operation = words[inner].ToUpperInvariant();
        }

        var target = TableAfter(words, start)
            ?? (operation == "SELECT" ? matches.Skip(start + 1).FirstOrDefault(m => m.Groups["call"].Success)?.Groups["word"].Value : null);
        return target is null ? operation : $"{operation} {target}";
    }

    private static string? TableAfter(List<string> words, int start)
    {
        for (var i = start; i < words.Count - 1; i++)
        {
            if (!TableKeywords.Contains(words[i].ToUpperInvariant()))
            {
                continue;
            }

            var next = words.Skip(i + 1).FirstOrDefault(w => !Noise.Contains(w.ToUpperInvariant()));
            if (next is not null && (char.IsLetter(next[0]) || next[0] is '_' or '"'))
            {
                return next.Replace("\"", "");
            }
        }

        return null;
    }

    // Words outside string literals and comments: keywords, identifiers (quoted ones too), $n parameters; "call"
    // marks a word followed by an opening parenthesis (a function).
    [GeneratedRegex("""'(?:[^']|'')*'|--[^\n]*|/\*.*?\*/|(?<word>"[^"]*"(?:\."[^"]*")?|[A-Za-z_][A-Za-z0-9_$]*(?:\.[A-Za-z_][A-Za-z0-9_$]*)?|\$\d+)(?<call>\s*\()?""",
        RegexOptions.Singleline)]
    private static partial Regex Words();
}
