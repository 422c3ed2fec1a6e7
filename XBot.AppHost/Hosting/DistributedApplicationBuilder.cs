using System.Reflection;
using Microsoft.Extensions.Configuration;
using XBot.AppHost.Hosting.Resources;

namespace XBot.AppHost.Hosting;

/// <summary>
/// Collects configuration and resource declarations, in the shape of Aspire's
/// <c>IDistributedApplicationBuilder</c>, and builds the <see cref="DistributedApplication"/>.
/// </summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];
    private readonly Dictionary<string, ParameterResource> _parameters = new(StringComparer.OrdinalIgnoreCase);

    internal DistributedApplicationBuilder(IConfiguration configuration, AppHostOptions options, ISecretStore secrets, RepositoryLayout layout)
    {
        Configuration = configuration;
        Options = options;
        Secrets = secrets;
        Layout = layout;
        Output = new ResourceOutput(options.EchoOutput);
        DataDirectory = options.DataDirectory ?? DefaultDataDirectory();
    }

    public IConfiguration Configuration { get; }

    public AppHostOptions Options { get; }

    public ISecretStore Secrets { get; }

    public RepositoryLayout Layout { get; }

    public ResourceOutput Output { get; }

    /// <summary>The folder for the PostgreSQL cluster and other state that should survive restarts.</summary>
    public string DataDirectory { get; }

    /// <summary>Passed to services only when a collector or dashboard is configured.</summary>
    public string? OtlpEndpoint => Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } endpoint ? endpoint : null;

    public IReadOnlyList<Resource> Resources => _resources;

    public IReadOnlyCollection<ParameterResource> Parameters => _parameters.Values;

    public static DistributedApplicationBuilder Create(string[] args)
    {
        ExecRequest? exec = null;
        if (args is ["exec", .. var rest])
        {
            // `exec <resource> <args>` passes its arguments to the resource, not to configuration.
            exec = rest is [var resource, .. var resourceArgs] ? new ExecRequest(resource, resourceArgs) : new ExecRequest("", []);
            args = [];
        }

        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddUserSecrets(Assembly.GetExecutingAssembly(), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var userSecretsId = Assembly.GetExecutingAssembly().GetCustomAttribute<Microsoft.Extensions.Configuration.UserSecrets.UserSecretsIdAttribute>()!.UserSecretsId;
        var options = BindOptions(configuration);
        if (exec is not null)
        {
            // The command's own output is all that should appear.
            options.ShowStatus = false;
            options.EchoOutput = false;
        }
        var builder = new DistributedApplicationBuilder(configuration, options, new UserSecretsStore(userSecretsId), RepositoryLayout.FromBuild());
        if (exec is not null)
        {
            builder.Exec = exec;
            builder.KnownPorts = AppHostState.ReadRunning(builder.DataDirectory)?.Ports;
        }
        return builder;
    }

    /// <summary>Set when the AppHost was asked to run one command against the running stack.</summary>
    internal ExecRequest? Exec { get; private set; }

    internal static AppHostOptions BindOptions(IConfiguration configuration)
    {
        var options = new AppHostOptions();
        configuration.GetSection(AppHostOptions.Section).Bind(options);
        if (options.StopTimeout <= TimeSpan.Zero || options.HealthCheckInterval <= TimeSpan.Zero || options.RestartBackoffInitial <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("AppHost:StopTimeout, AppHost:HealthCheckInterval and AppHost:RestartBackoffInitial must be positive durations such as 00:00:10.");
        }
        foreach (var (name, port) in options.Ports)
        {
            if (port is < 1 or > 65535)
            {
                throw new InvalidOperationException($"AppHost:Ports:{name} is {port}; a port is between 1 and 65535.");
            }
        }
        return options;
    }

    /// <summary>A parameter from <c>Parameters:{name}</c>, generated and stored in the secret store when absent.</summary>
    public ParameterResource AddParameter(string name, bool secret = false)
    {
        if (_parameters.TryGetValue(name, out var existing))
        {
            return existing;
        }

        var key = $"Parameters:{name}";
        var value = Configuration[key];
        if (string.IsNullOrEmpty(value))
        {
            value = ParameterResource.Generate();
            Secrets.Set(key, value);
        }

        return _parameters[name] = new ParameterResource(name, value, secret);
    }

    public RedisResource AddRedis(string name) => Register(new RedisResource(name, this));

    public PostgresServerResource AddPostgres(string name) =>
        Register(new PostgresServerResource(name, AddParameter($"{name}-password", secret: true), this));

    public ProjectResource AddProject(string name, string project) => Register(new ProjectResource(name, project, this));

    public ExecutableResource AddExecutable(string name, string command, params string[] arguments) =>
        Register(new ExecutableResource(name, command, arguments, this));

    /// <summary>
    /// Ports a running AppHost already gave out (from its state file): <c>exec</c> reuses them so that a
    /// command reaches the running stack instead of allocating new ports.
    /// </summary>
    internal IReadOnlyDictionary<string, int>? KnownPorts { get; set; }

    /// <summary>A free port for <paramref name="resource"/>, or the one the running AppHost gave it.</summary>
    internal int AllocatePort(string resource) =>
        KnownPorts is not null && KnownPorts.TryGetValue(resource, out var known) ? known : PortAllocator.GetFreePort();

    /// <summary>The configured stable port for <paramref name="resource"/>, or null for a free one.</summary>
    public int? StablePort(string resource) =>
        !Options.UseFreePorts && Options.Ports.TryGetValue(resource, out var port) ? port : null;

    internal T Register<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' is already declared.");
        }
        _resources.Add(resource);
        return resource;
    }

    public DistributedApplication Build() => new(this);

    private static string DefaultDataDirectory()
    {
        // As root the cluster must sit where the unprivileged PostgreSQL user can reach it; /root is closed.
        if (!OperatingSystem.IsWindows() && Environment.IsPrivilegedProcess)
        {
            return "/var/lib/xbot/apphost";
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "xbot", "apphost");
    }
}
