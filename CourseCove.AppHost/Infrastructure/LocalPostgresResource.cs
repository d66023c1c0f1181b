namespace CourseCove.AppHost.Infrastructure;

/// <summary>PostgreSQL running as a local process, with the connection string shape of Aspire's PostgresServerResource.</summary>
internal sealed class LocalPostgresResource(string name, string command, PostgresDataFolder dataFolder, ParameterResource password)
    : ExecutableResource(name, command, System.IO.Path.GetDirectoryName(dataFolder.Path)!), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    public EndpointReference PrimaryEndpoint => field ??= new(this, PrimaryEndpointName);

    public ParameterResource PasswordParameter => password;

    public PostgresDataFolder DataFolder => dataFolder;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={PostgresAccount.UserName};Password={PasswordParameter}");
}
