using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace XBot.AppHost.Resources;

public static class RedisServerBuilderExtensions
{
    /// <summary>
    /// Redis for the hot path: <c>redis-server</c> from PATH, else Microsoft Garnet from the repo's tool manifest
    /// (<c>AppHost:Redis</c> = auto, redis-server or garnet). No persistence: Redis holds hot copies that are
    /// rebuilt from PostgreSQL (runbooks §4).
    /// </summary>
    public static IResourceBuilder<RedisServerResource> AddRedisServer(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var repositoryRoot = RepositoryRoot(builder.AppHostDirectory);
        var (kind, command, prefix) = Locate(builder.Configuration["AppHost:Redis"] ?? "auto", repositoryRoot);
        var port = FreePort.Next();

        string[] arguments = kind == "redis"
            ? ["--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            : ["--port", $"{port}", "--bind", "127.0.0.1", "--lua", "--memory", "256m", "--index", "64m"];

        var resource = new RedisServerResource(name, command, repositoryRoot);
        var healthCheck = $"{name}-ping";
        var ping = new RedisPingHealthCheck(resource);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => ping, failureStatus: null, tags: null, timeout: TimeSpan.FromSeconds(5)));

        return builder.AddResource(resource)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: RedisServerResource.EndpointName, isProxied: false)
            .WithArgs([.. prefix, .. arguments])
            .WithHealthCheck(healthCheck)
            .WithIconName("Database")
            .ExcludeFromManifest();
    }

    private static (string Kind, string Command, string[] Prefix) Locate(string preference, string repositoryRoot)
    {
        if (preference is not ("auto" or "redis-server" or "garnet"))
        {
            throw new AppHostConfigurationException($"AppHost:Redis is '{preference}'. Use auto, redis-server or garnet.");
        }

        if (preference != "garnet" && ExecutableLocator.FindOnPath("redis-server") is { } redis)
        {
            return ("redis", redis, []);
        }
        if (preference == "redis-server")
        {
            throw new AppHostConfigurationException(
                "redis-server is not on PATH. Install it (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis), or set AppHost__Redis=auto to use Garnet.");
        }

        return ("garnet", "dotnet", [GarnetEntryPoint(repositoryRoot)]);
    }

    /// <summary>The folder holding the dotnet tool manifest (Garnet), from the AppHost's folder or a test's.</summary>
    private static string RepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, ".config", "dotnet-tools.json")))
            {
                return directory.FullName;
            }
        }
        return start;
    }

    /// <summary>
    /// Garnet's own dll rather than <c>dotnet tool run</c>: the tool runner starts the server as a child process,
    /// which would outlive the runner when the orchestrator stops it.
    /// </summary>
    private static string GarnetEntryPoint(string repositoryRoot)
    {
        var (exitCode, output) = ExecutableLocator.RunAsync("dotnet", ["tool", "restore"], repositoryRoot, CancellationToken.None).GetAwaiter().GetResult();
        if (exitCode != 0)
        {
            throw new AppHostConfigurationException($"redis-server is not on PATH, and dotnet tool restore failed, so Garnet can't be used instead: {output.Trim()}");
        }

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(repositoryRoot, ".config", "dotnet-tools.json")));
        var version = manifest.RootElement.GetProperty("tools").GetProperty("garnet-server").GetProperty("version").GetString();
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var tools = Path.Combine(packages, "garnet-server", version!, "tools");
        return Directory.Exists(tools)
            ? Directory.EnumerateFiles(tools, "GarnetServer.dll", SearchOption.AllDirectories).OrderDescending().First()
            : throw new InvalidOperationException($"Garnet {version} was restored but {tools} holds no GarnetServer.dll.");
    }

    /// <summary>One connection for the AppHost's life, reused by every probe.</summary>
    private sealed class RedisPingHealthCheck(RedisServerResource resource) : IHealthCheck
    {
        private ConnectionMultiplexer? _connection;

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                if (_connection is null)
                {
                    var options = ConfigurationOptions.Parse(await resource.ConnectionStringExpression.GetValueAsync(cancellationToken) ?? "");
                    options.AbortOnConnectFail = false;
                    options.ConnectTimeout = 2000;
                    _connection = await ConnectionMultiplexer.ConnectAsync(options);
                }
                await _connection.GetDatabase().PingAsync().WaitAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        }
    }
}
