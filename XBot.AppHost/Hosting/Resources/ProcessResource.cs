using XBot.AppHost.Hosting.Processes;

namespace XBot.AppHost.Hosting.Resources;

/// <summary>A resource that runs a process, with environment variables built from its references.</summary>
public abstract class ProcessResource(string name, DistributedApplicationBuilder builder) : Resource(name, builder)
{
    private readonly List<(string Name, Func<string?> Value)> _environment = [];

    internal void AddEnvironment(string name, Func<string?> value) => _environment.Add((name, value));

    /// <summary>Extra command-line arguments, after those the resource kind needs.</summary>
    internal List<string> Arguments { get; } = [];

    protected Dictionary<string, string?> BuildEnvironment()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in _environment)
        {
            environment[name] = value();
        }
        return environment;
    }

    internal abstract override ProcessSpec CreateProcessSpec();
}

/// <summary>The fluent declarations of XBotTopology, named as in Aspire.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Start <paramref name="resource"/> only once <paramref name="dependency"/> is healthy.</summary>
    public static T WaitFor<T>(this T resource, Resource dependency) where T : Resource
    {
        resource.Dependencies.Add(dependency);
        return resource;
    }

    public static T WithEnvironment<T>(this T resource, string name, string? value) where T : ProcessResource
    {
        resource.AddEnvironment(name, () => value);
        return resource;
    }

    public static T WithEnvironment<T>(this T resource, string name, ParameterResource parameter) where T : ProcessResource
    {
        resource.AddEnvironment(name, () => parameter.Value);
        return resource;
    }

    /// <summary>Start <paramref name="resource"/> only once <paramref name="job"/> has run to completion.</summary>
    public static T WaitForCompletion<T>(this T resource, Resource job) where T : Resource
    {
        resource.CompletionDependencies.Add(job);
        return resource;
    }

    /// <summary>Marks a resource as a job: it runs once, and exit code 0 means Finished.</summary>
    public static T AsJob<T>(this T resource) where T : ProcessResource
    {
        resource.RunsToCompletion = true;
        return resource;
    }

    public static T WithArgs<T>(this T resource, params string[] arguments) where T : ProcessResource
    {
        resource.Arguments.AddRange(arguments);
        return resource;
    }

    /// <summary>Injects <c>ConnectionStrings__{name}</c>, exactly as Aspire's WithReference does.</summary>
    public static T WithReference<T>(this T resource, IResourceWithConnectionString target) where T : ProcessResource
    {
        resource.AddEnvironment($"ConnectionStrings__{target.Name}", target.GetConnectionString);
        return resource;
    }

    /// <summary>Injects <c>services__{name}__http__0</c> for service discovery of <c>https+http://{name}</c>.</summary>
    public static T WithReference<T>(this T resource, ProjectResource project) where T : ProcessResource
    {
        resource.AddEnvironment($"services__{project.Name}__http__0", () => project.Url);
        return resource;
    }
}
