using CourseCove.Sync.Processing;

namespace CourseCove.Worker.Retention;

/// <summary>Registers the data retention pass (erasure of deleted users, pruning of old bodies and tombstones).</summary>
public static class RetentionExtensions
{
    public static TBuilder AddDataRetention<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DeletedRows>();
        builder.Services.AddSingleton<RetentionPass>();
        builder.Services.AddHostedService<RetentionService>();
        return builder;
    }
}
