extern alias AppHost;

using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace CourseCove.Tests.Deployment;

/// <summary>
/// The AppHost's deployment manifest, as <c>dotnet run --project CourseCove.AppHost -- --publisher manifest
/// --output-path aspire-manifest.json</c> writes it (Aspire's manifest publisher), with containers for PostgreSQL and
/// Redis as in production. Generated once per test class; nothing starts.
/// </summary>
public sealed class PublishedManifest : IAsyncLifetime
{
    private JsonDocument? _document;

    public JsonElement Resources => (_document ?? throw new InvalidOperationException("Not generated yet."))
        .RootElement.GetProperty("resources");

    /// <summary>The resource's environment variables by name, as the manifest gives them (empty when it has none).</summary>
    public IReadOnlyDictionary<string, string> Environment(string resource) =>
        Resources.GetProperty(resource).TryGetProperty("env", out var env)
            ? env.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
            : new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"coursecove-manifest-{Guid.NewGuid():N}.json");
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.CourseCove_AppHost>(
                ["--publisher", "manifest", "--output-path", path, "--CourseCove:Infrastructure=containers"]);
            await using (var app = await builder.BuildAsync())
            {
                // In publish mode running the app writes the manifest and returns.
                await app.RunAsync();
            }

            _document = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    public Task DisposeAsync()
    {
        _document?.Dispose();
        return Task.CompletedTask;
    }
}
