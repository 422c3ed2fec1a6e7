using Microsoft.Extensions.Configuration;

namespace XBot.AppHost;

public static class ConnectionStringConfiguration
{
    /// <summary>Whether <c>ConnectionStrings:{name}</c> is configured (environment, user secrets or arguments).</summary>
    public static bool HasConnectionString(this IDistributedApplicationBuilder builder, string name) =>
        !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name));
}
