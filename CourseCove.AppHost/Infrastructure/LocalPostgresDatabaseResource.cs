namespace CourseCove.AppHost.Infrastructure;

/// <summary>A database on a <see cref="LocalPostgresResource"/>; created when the server is ready.</summary>
internal sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent => parent;

    public string DatabaseName => databaseName;

    // Same shape as Aspire's PostgresDatabaseResource: the server's key=value string plus Database.
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
