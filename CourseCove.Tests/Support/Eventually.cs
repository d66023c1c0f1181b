using System.Diagnostics;

namespace CourseCove.Tests.Support;

/// <summary>Polls a condition until it holds or the timeout passes; the assertion message says what never happened.</summary>
public static class Eventually
{
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (await condition()) return watch.Elapsed;
            await Task.Delay(25);
        }

        Assert.Fail($"Within {timeout.TotalSeconds:0.#} s: {what}");
        return watch.Elapsed;
    }
}
