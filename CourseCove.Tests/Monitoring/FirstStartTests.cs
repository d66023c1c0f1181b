using System.Text.RegularExpressions;
using CourseCove.Sync;
using CourseCove.Tests.Infrastructure;

namespace CourseCove.Tests.Monitoring;

/// <summary>A newcomer's first F5: the shared AppHost starts on an empty data folder, so its start-up is a first start.</summary>
[Collection(AppHostCollection.Name)]
public sealed partial class FirstStartTests(AppHostFixture app)
{
    [Theory]
    [InlineData(ResourceNames.Api)]
    [InlineData(ResourceNames.Worker)]
    public void AFirstStartLogsNoErrors(string resource)
    {
        var lines = app.StartupLogs[resource].Select(line => Ansi().Replace(line.Content, "")).ToList();

        // The services' own start-up line proves the log was read at all.
        Assert.Contains(lines, line => line.Contains("Application started.", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => ErrorLevel().IsMatch(line));
    }

    // Console lines look like "2026-11-28T23:38:54.6090000Z fail: Category[id]", the level coloured with ANSI escapes.
    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();

    [GeneratedRegex(@"^(\S+\s+)?(fail|crit): ")]
    private static partial Regex ErrorLevel();
}
