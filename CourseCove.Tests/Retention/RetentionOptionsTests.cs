using CourseCove.Worker.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CourseCove.Tests.Retention;

/// <summary>The Retention settings: documented defaults, tiny values allowed, nonsense refused naming the setting.</summary>
public sealed class RetentionOptionsTests
{
    private static RetentionOptions Options(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.AddDataRetention();
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<RetentionOptions>>().Value;
    }

    [Fact]
    public void TheDefaultsAreNinetyDaysForDeletedUsersThirtyForBodiesAndAnHourBetweenPasses()
    {
        var options = Options();

        Assert.Equal((TimeSpan.FromDays(90), TimeSpan.FromDays(30), TimeSpan.FromHours(1)),
            (options.DeletedUsers, options.EventPayloads, options.Interval));
    }

    [Fact]
    public void TinyRetentionTimesAreAllowed()
    {
        var options = Options(("Retention:DeletedUsers", "00:00:01"), ("Retention:EventPayloads", "00:00:01"), ("Retention:Interval", "00:00:01"));

        Assert.Equal(TimeSpan.FromSeconds(1), options.DeletedUsers);
    }

    [Theory]
    [InlineData("Retention:DeletedUsers", "00:00:00")]
    [InlineData("Retention:DeletedUsers", "-1.00:00:00")]
    [InlineData("Retention:EventPayloads", "00:00:00")]
    [InlineData("Retention:EventPayloads", "-00:00:01")]
    [InlineData("Retention:Interval", "00:00:00")]
    [InlineData("Retention:Interval", "30.00:00:00")]
    public void ABadSettingStopsTheStartNamingIt(string setting, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options((setting, value)));

        Assert.Contains(setting, error.Message);
    }
}
