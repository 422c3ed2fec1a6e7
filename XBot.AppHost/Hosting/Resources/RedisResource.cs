using Microsoft.Extensions.Configuration;
using StackExchange.Redis;
using XBot.AppHost.Hosting.Processes;
using XBot.ServiceDefaults.Connections;

namespace XBot.AppHost.Hosting.Resources;

/// <summary>
/// Redis for the hot path: <c>redis-server</c> from PATH, else Microsoft Garnet through the repo's
/// dotnet tool manifest. When <c>ConnectionStrings:{name}</c> is configured, that server is used instead.
/// </summary>
public sealed class RedisResource : ProcessResource, IResourceWithConnectionString
{
    private readonly string? _external;
    private readonly int _port;
    private RedisServer? _server;
    private ConnectionMultiplexer? _probe;

    internal RedisResource(string name, DistributedApplicationBuilder builder) : base(name, builder)
    {
        _external = builder.Configuration.GetConnectionString(name);
        _port = builder.AllocatePort(name);
    }

    public override string Kind => _server?.Kind ?? "redis";

    public override bool IsExternal => _external is not null;

    public override string? Url => IsExternal ? "(configured)" : $"tcp://127.0.0.1:{_port}";

    internal override int? Port => IsExternal ? null : _port;

    public string GetConnectionString() => _external ?? $"127.0.0.1:{_port}";

    internal override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (!IsExternal)
        {
            _server = await RedisServer.LocateAsync(Options.Redis, Builder.Layout.Root, Builder.Output, cancellationToken);
        }
    }

    internal override ProcessSpec CreateProcessSpec() =>
        _server!.CreateSpec(_port, Builder.Layout.Root, BuildEnvironment());

    internal override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        if (_probe is null)
        {
            var options = RedisConnection.Resolve(
                new ConfigurationBuilder().AddInMemoryCollection([new($"ConnectionStrings:{Name}", GetConnectionString())]).Build(),
                Name);
            options.ConnectTimeout = 2000;
            _probe = await ConnectionMultiplexer.ConnectAsync(options);
        }

        await _probe.GetDatabase().PingAsync().WaitAsync(cancellationToken);
        return true;
    }

    internal override async ValueTask DisposeResourcesAsync()
    {
        if (_probe is not null)
        {
            await _probe.DisposeAsync();
        }
    }
}

/// <summary>Which Redis-compatible server to run, and how.</summary>
internal sealed record RedisServer(string Kind, string FileName, IReadOnlyList<string> PrefixArguments)
{
    public static async Task<RedisServer> LocateAsync(string preference, string repositoryRoot, ResourceOutput output, CancellationToken cancellationToken)
    {
        if (preference is not ("auto" or "redis-server" or "garnet"))
        {
            throw new InvalidOperationException($"AppHost:Redis is '{preference}'. Use auto, redis-server or garnet.");
        }

        if (preference != "garnet")
        {
            if (ExecutableLocator.FindOnPath("redis-server") is { } redis)
            {
                return new RedisServer("redis", redis, []);
            }
            if (preference == "redis-server")
            {
                throw new InvalidOperationException(
                    "redis-server is not on PATH. Install it (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis), or set AppHost__Redis=auto to use Garnet.");
            }
        }

        output.System("redis-server is not on PATH; using Microsoft Garnet from the tool manifest (dotnet tool restore)");
        var (exitCode, text) = await ExecutableLocator.RunAsync(DotnetHost.Path, ["tool", "restore"], repositoryRoot, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"dotnet tool restore failed, so Garnet can't be used instead of redis-server: {text.Trim()}");
        }
        return new RedisServer("garnet", DotnetHost.Path, ["tool", "run", "garnet-server", "--"]);
    }

    public ProcessSpec CreateSpec(int port, string repositoryRoot, IReadOnlyDictionary<string, string?> environment)
    {
        // No persistence: Redis holds hot copies that are rebuilt from PostgreSQL (runbooks §4).
        string[] arguments = Kind == "redis"
            ? ["--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            : ["--port", $"{port}", "--bind", "127.0.0.1", "--lua", "--memory", "256m", "--index", "64m"];
        return new ProcessSpec(FileName, [.. PrefixArguments, .. arguments], repositoryRoot, environment);
    }
}
