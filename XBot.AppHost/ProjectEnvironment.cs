namespace XBot.AppHost;

public static class ProjectEnvironment
{
    /// <summary>
    /// The AppHost's environment (Development for local runs) for a service, whether or not it has a launch profile
    /// to say so: the worker, the migrations job and the X stand-in have none.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithAppHostEnvironment(this IResourceBuilder<ProjectResource> project)
    {
        var environment = project.ApplicationBuilder.Environment.EnvironmentName;
        return project
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", environment)
            .WithEnvironment("DOTNET_ENVIRONMENT", environment);
    }
}
