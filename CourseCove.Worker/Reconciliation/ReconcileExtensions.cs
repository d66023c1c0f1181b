using CourseCove.Sync.Clerk;

namespace CourseCove.Worker.Reconciliation;

/// <summary>Registers Clerk's Backend API and the Worker's side of it: periodic and on-demand reconciliation passes.</summary>
public static class ReconcileExtensions
{
    public static TBuilder AddClerkReconciliation<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.AddClerkApi();
        builder.Services.AddTransient<ReconcilePass>();
        builder.Services.AddTransient<ReconcileRunner>();
        builder.Services.AddHostedService<ReconcileService>();
        return builder;
    }
}
