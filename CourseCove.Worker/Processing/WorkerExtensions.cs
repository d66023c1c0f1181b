using CourseCove.Worker.Monitoring;

namespace CourseCove.Worker.Processing;

/// <summary>Registers the stream consumer, the scheduler (outbox recovery) and the dependency listener.</summary>
public static class WorkerExtensions
{
    public static TBuilder AddWebhookWorker<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PostgresProbe>();
        builder.Services.AddSingleton<WorkerProgress>();
        builder.Services.AddSingleton<WakeSignal>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WakeSignal>());
        builder.Services.AddScoped<MessageHandler>();
        builder.Services.AddHostedService<StreamConsumer>();
        builder.Services.AddHostedService<Scheduler>();
        builder.Services.AddHostedService<DependencyListener>();
        builder.Services.AddSingleton<PendingGauge>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PendingGauge>());
        builder.Services.AddHealthChecks().AddCheck<WorkerHealthCheck>("worker-progress");
        return builder;
    }
}
