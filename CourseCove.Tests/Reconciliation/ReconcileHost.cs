using CourseCove.Sync;
using CourseCove.Sync.Data;
using CourseCove.Sync.Reconciliation;
using CourseCove.Tests.Support;
using CourseCove.Worker.Reconciliation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CourseCove.Tests.Reconciliation;

/// <summary>
/// The Worker's reconciliation services wired as in the Worker (AddCourseCoveSync + AddClerkReconciliation) against an
/// isolated environment, without starting its background loop: a test runs a pass when it chooses.
/// </summary>
public sealed class ReconcileHost : IDisposable
{
    private readonly IHost _host;

    private ReconcileHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static ReconcileHost Create(IsolatedEnvironment env, params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection([.. env.Settings.Concat(settings).Select(s => KeyValuePair.Create(s.Key, s.Value))]);
        builder.AddCourseCoveSync();
        builder.AddClerkReconciliation();
        return new ReconcileHost(builder.Build());
    }

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>Requests a run, takes it as a Worker would, runs the pass to its end and returns the run.</summary>
    public async Task<ReconcileRunView> RunPassAsync()
    {
        var runs = Get<ReconcileRunStore>();
        var id = await runs.RequestAsync(ReconcileRun.FromRequest, CancellationToken.None);
        var run = await runs.ClaimNextAsync("test-worker", CancellationToken.None);
        Assert.Equal(id, run?.Id);
        await using var scope = _host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReconcileRunner>().RunAsync(run!, CancellationToken.None);
        return (await runs.FindAsync(id, CancellationToken.None))!;
    }

    public void Dispose() => _host.Dispose();
}
