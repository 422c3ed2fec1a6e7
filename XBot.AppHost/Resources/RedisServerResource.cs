using Aspire.Hosting.ApplicationModel;

namespace XBot.AppHost.Resources;

/// <summary>
/// A Redis-compatible server run as an executable (redis-server, or Garnet): no Docker needed.
/// Its connection string is StackExchange.Redis's <c>host:port</c>, exactly what Aspire's Redis integration injects.
/// </summary>
public sealed class RedisServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    public EndpointReference PrimaryEndpoint => field ??= new EndpointReference(this, EndpointName);

    // 127.0.0.1 rather than localhost: the server binds IPv4 only, and a client trying ::1 first would pay for it.
    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
