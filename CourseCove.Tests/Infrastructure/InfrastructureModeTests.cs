extern alias AppHost;

using AppHost::CourseCove.AppHost.Infrastructure;

namespace CourseCove.Tests.Infrastructure;

/// <summary>How the AppHost chooses between containers and local processes; no Docker needed.</summary>
public sealed class InfrastructureModeTests
{
    private const string PostgresBin = "/usr/lib/postgresql/15/bin";
    private const string RedisServer = "/usr/bin/redis-server";

    private static InfrastructureProbes Machine(bool runtime, string? postgres = PostgresBin, string? redis = RedisServer) =>
        new(() => runtime, () => postgres, () => redis);

    // Probes that fail the test if consulted: an explicit choice must not wait on 'docker info'.
    private static readonly InfrastructureProbes RuntimeMustNotBeAsked =
        new(() => throw new InvalidOperationException("runtime probed"), () => PostgresBin, () => RedisServer);

    [Fact]
    public void AutoChoosesLocalProcessesWhenNoRuntimeAnswersButBinariesExist()
    {
        var choice = InfrastructureModeResolver.Resolve(null, Machine(runtime: false));

        Assert.Equal(new InfrastructureChoice(InfrastructureMode.Local, PostgresBin, RedisServer), choice);
    }

    [Fact]
    public void AutoChoosesContainersWhenTheRuntimeAnswers()
    {
        var choice = InfrastructureModeResolver.Resolve("auto", Machine(runtime: true, postgres: null, redis: null));

        Assert.Equal(InfrastructureMode.Containers, choice.Mode);
    }

    [Theory]
    [InlineData("containers", "Containers")]
    [InlineData("Containers", "Containers")]
    [InlineData("local", "Local")]
    [InlineData(" LOCAL ", "Local")]
    public void AnExplicitChoiceIsHonoredWithoutAskingTheRuntime(string setting, string expectedMode)
    {
        Assert.Equal(expectedMode, InfrastructureModeResolver.Resolve(setting, RuntimeMustNotBeAsked).Mode.ToString());
    }

    [Fact]
    public void AnUnknownChoiceFailsNamingTheSettingAndTheAllowedValues()
    {
        var error = Assert.Throws<InvalidOperationException>(() => InfrastructureModeResolver.Resolve("kubernetes", Machine(runtime: true)));

        Assert.Contains("CourseCove:Infrastructure", error.Message);
        Assert.Contains("kubernetes", error.Message);
        Assert.Contains("auto", error.Message);
        Assert.Contains("containers", error.Message);
        Assert.Contains("local", error.Message);
    }

    [Fact]
    public void NothingAvailableSaysWhatToInstall()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            InfrastructureModeResolver.Resolve(null, Machine(runtime: false, postgres: null, redis: null)));

        Assert.Contains("Docker", error.Message);
        Assert.Contains("apt-get install postgresql redis-server", error.Message);
    }

    [Fact]
    public void LocalWithoutRedisNamesOnlyWhatIsMissing()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            InfrastructureModeResolver.Resolve("local", Machine(runtime: true, redis: null)));

        Assert.Contains("apt-get install redis-server", error.Message);
        Assert.DoesNotContain("postgresql", error.Message);
    }
}
