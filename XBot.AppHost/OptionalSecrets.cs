namespace XBot.AppHost;

public static class OptionalSecrets
{
    /// <summary>
    /// Passes each named setting to the service as a secret parameter when the AppHost has it (environment or
    /// <c>dotnet user-secrets set --project XBot.AppHost ALERT_WEBHOOK_URL ...</c>), so it shows masked on the
    /// dashboard; an unset one is simply not passed, and the service runs without it.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOptionalSecrets(this IResourceBuilder<ProjectResource> project, params string[] variables)
    {
        var builder = project.ApplicationBuilder;
        foreach (var variable in variables)
        {
            if (string.IsNullOrWhiteSpace(builder.Configuration[variable]))
            {
                continue;
            }
            var parameter = builder.AddParameterFromConfiguration(variable.ToLowerInvariant().Replace('_', '-'), variable, secret: true);
            project.WithEnvironment(variable, parameter);
        }
        return project;
    }
}
