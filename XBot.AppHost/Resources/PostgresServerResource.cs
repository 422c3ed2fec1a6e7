using Aspire.Hosting.ApplicationModel;

namespace XBot.AppHost.Resources;

/// <summary>
/// A PostgreSQL server from the installed binaries, run as an executable: no Docker needed. Its cluster lives in
/// the AppHost's data folder and survives restarts. The connection string is Npgsql's, as Aspire's own integration injects.
/// </summary>
public sealed class PostgresServerResource(string name, string command, string workingDirectory, ParameterResource password, PostgresCluster cluster)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string SuperUser = "postgres";
    internal const string EndpointName = "tcp";

    public ParameterResource Password { get; } = password;

    public PostgresCluster Cluster { get; } = cluster;

    internal List<PostgresDatabaseResource> Databases { get; } = [];

    public EndpointReference PrimaryEndpoint => field ??= new EndpointReference(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Host=127.0.0.1;Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={SuperUser};Password={Password}");
}

/// <summary>A database on a <see cref="PostgresServerResource"/>, created when the server first reports healthy.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithParent<PostgresServerResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
