using XBot.AppHost.Hosting.Processes;

namespace XBot.AppHost.Hosting.Resources;

/// <summary>
/// One of XBot's services, run from its build output with the Aspire environment contract
/// (platform.md): URLs, environment name, telemetry identity and references.
/// </summary>
public sealed class ProjectResource(string name, string project, DistributedApplicationBuilder builder)
    : ProcessResource(name, builder)
{
    private static readonly HttpClient ProbeClient = new();

    private bool _hasEndpoint;
    private int? _requestedPort;
    private int _port;

    public override string Kind => "project";

    public string Project { get; } = project;

    public override string? Url => _hasEndpoint ? $"http://localhost:{_port}" : null;

    internal override int? Port => _hasEndpoint ? _port : null;

    /// <summary>Set on the admin console: the banner tells people where it is and how to sign in.</summary>
    public ParameterResource? SignInPassword { get; private set; }

    /// <summary>Serve HTTP on <paramref name="port"/>, or on a free port when it is null.</summary>
    public ProjectResource WithHttpEndpoint(int? port = null)
    {
        _hasEndpoint = true;
        _requestedPort = port;
        _port = port ?? Builder.AllocatePort(Name);
        return this;
    }

    public ProjectResource AsConsole(ParameterResource signInPassword)
    {
        SignInPassword = signInPassword;
        return this;
    }

    internal override Task PrepareAsync(CancellationToken cancellationToken)
    {
        var output = Builder.Layout.ProjectOutput(Project);
        if (!File.Exists(output))
        {
            throw new InvalidOperationException($"{output} does not exist. Build the solution first: dotnet build XBot.sln -c {Builder.Layout.Configuration}");
        }

        if (_requestedPort is { } port && Process is null && !PortAllocator.IsFree(port))
        {
            throw new InvalidOperationException(
                $"port {port} is in use. Stop what uses it, or give {Name} another port: AppHost__Ports__{Name}=<port>.");
        }

        return Task.CompletedTask;
    }

    internal override ProcessSpec CreateProcessSpec()
    {
        var environment = BuildEnvironment();
        environment["ASPNETCORE_ENVIRONMENT"] = Options.EnvironmentName;
        environment["DOTNET_ENVIRONMENT"] = Options.EnvironmentName;
        environment["ASPNETCORE_URLS"] = Url;
        environment["OTEL_SERVICE_NAME"] = Name;
        environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Guid.NewGuid():N}";
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = Builder.OtlpEndpoint;

        return new ProcessSpec(
            DotnetHost.Path,
            [Builder.Layout.ProjectOutput(Project), .. Arguments],
            Builder.Layout.ProjectDirectory(Project),
            environment);
    }

    internal override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        if (Url is null)
        {
            return RunsToCompletion || Process is { HasExited: false };
        }

        using var response = await ProbeClient.GetAsync($"{Url}/health", cancellationToken);
        return response.IsSuccessStatusCode
            ? true
            : throw new InvalidOperationException($"/health answered {(int)response.StatusCode}");
    }
}
