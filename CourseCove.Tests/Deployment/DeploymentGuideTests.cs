using System.Reflection;
using System.Text.RegularExpressions;
using CourseCove.Sync;

namespace CourseCove.Tests.Deployment;

/// <summary>
/// docs/deployment.md against the app model, so the guide cannot drift from it: every resource the published manifest
/// deploys, every environment variable it gives the api and the worker, and every setting of the services' options
/// classes is named in the guide.
/// </summary>
public sealed partial class DeploymentGuideTests(PublishedManifest manifest) : IClassFixture<PublishedManifest>
{
    private static readonly Lazy<string> Guide = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "deployment.md")));

    [Fact]
    public void TheManifestDeploysTheServicesAndTheirInfrastructureButNoDevelopmentTool()
    {
        var names = manifest.Resources.EnumerateObject().Select(r => r.Name).ToList();

        Assert.Subset(names.ToHashSet(), new HashSet<string>
            { ResourceNames.Api, ResourceNames.Worker, ResourceNames.Postgres, ResourceNames.Database, ResourceNames.Redis });
        Assert.DoesNotContain(ResourceNames.Simulator, names);
        Assert.DoesNotContain(ResourceNames.Clerk, names);
    }

    [Fact]
    public void TheGuideNamesEveryResourceAndParameterOfTheManifest()
    {
        var missing = manifest.Resources.EnumerateObject().Select(r => r.Name)
            // Aspire's generated helpers (a condition, a URI-encoded copy of a password) are nothing to deploy.
            .Where(name => !name.StartsWith("cond-", StringComparison.Ordinal) && !name.EndsWith("-uri-encoded", StringComparison.Ordinal))
            .Where(name => !Mentions(name)).ToList();

        Assert.True(missing.Count == 0, $"docs/deployment.md does not mention these manifest resources: {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData(ResourceNames.Api)]
    [InlineData(ResourceNames.Worker)]
    public void TheGuideNamesEveryEnvironmentVariableTheManifestGivesTheService(string service)
    {
        var environment = manifest.Environment(service);
        var missing = environment.Keys.Where(name => !Mentions(name)).ToList();

        Assert.NotEmpty(environment);
        Assert.True(missing.Count == 0, $"docs/deployment.md does not mention {service}'s {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData(ResourceNames.Api)]
    [InlineData(ResourceNames.Worker)]
    public void TheGuideNamesEveryParameterTheServiceIsGiven(string service)
    {
        var parameters = manifest.Environment(service).Values
            .SelectMany(value => Placeholder().Matches(value).Select(m => m.Groups[1].Value))
            .Where(name => manifest.Resources.GetProperty(name).GetProperty("type").GetString() == "parameter.v0")
            .Distinct().ToList();
        var missing = parameters.Where(name => !Mentions(name)).ToList();

        Assert.NotEmpty(parameters);
        Assert.True(missing.Count == 0, $"docs/deployment.md does not mention the parameters {string.Join(", ", missing)}");
    }

    [Fact]
    public void TheGuideNamesEverySettingOfTheServices()
    {
        // Every options class of the Api, the Worker and the shared library: a public const Section and its settable properties.
        var settings = new[] { typeof(Api.Webhooks.ClerkOptions).Assembly, typeof(Worker.Processing.WorkerOptions).Assembly, typeof(ResourceNames).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type.Name.EndsWith("Options", StringComparison.Ordinal)
                           && type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
            .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite)
                .Select(p => $"{type.GetField("Section")!.GetRawConstantValue()}:{p.Name}"))
            .Distinct().ToList();
        var missing = settings.Where(setting => !Mentions(setting)).ToList();

        Assert.True(settings.Count > 30, $"Found only {settings.Count} settings: {string.Join(", ", settings)}");
        Assert.True(missing.Count == 0, $"docs/deployment.md does not mention the settings {string.Join(", ", missing)}");
    }

    /// <summary>Named in the guide as code, <c>`name`</c>: a table row or a sentence about it, not a word that happens to match.</summary>
    private static bool Mentions(string name) => Guide.Value.Contains($"`{name}`", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CourseCove.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No CourseCove.slnx above {AppContext.BaseDirectory}.");
    }

    // "{clerk-secret-key.value}", "{postgres.bindings.tcp.host}": the resource a manifest value refers to.
    [GeneratedRegex(@"\{([a-z0-9-]+)\.")]
    private static partial Regex Placeholder();
}
