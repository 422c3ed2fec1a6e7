using System.Reflection;

namespace XBot.Core;

/// <summary>A service's public identity: name, environment, version and clock.</summary>
public sealed record ServiceStatus(string Service, string Environment, string Version, DateTimeOffset Now)
{
    public static ServiceStatus Describe(string service, string environment, TimeProvider time) =>
        new(service, environment, ProductVersion, time.GetUtcNow());

    public static string ProductVersion { get; } =
        typeof(ServiceStatus).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
