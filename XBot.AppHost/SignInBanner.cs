using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace XBot.AppHost;

public static class SignInBanner
{
    /// <summary>
    /// When the console is ready, prints where it is and how to sign in, next to the dashboard's own login line.
    /// The password itself is not printed: it is a secret, kept in the AppHost's user secrets.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSignInBanner(this IResourceBuilder<ProjectResource> web)
    {
        web.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(web.Resource, (@event, _) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("XBot.AppHost");
            logger.LogInformation(
                "XBot console: {Url} - sign in as 'admin' with Parameters:admin-password from: dotnet user-secrets list --project XBot.AppHost",
                web.GetEndpoint("http").Url);
            return Task.CompletedTask;
        });
        return web;
    }
}
