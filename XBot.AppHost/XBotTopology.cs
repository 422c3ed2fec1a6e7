using XBot.AppHost.Hosting;
using XBot.AppHost.Hosting.Resources;

namespace XBot.AppHost;

/// <summary>
/// The whole stack, declared in one place the way an Aspire AppHost's Program.cs would declare it:
/// resources, their references (which become environment variables) and what each waits for.
/// </summary>
public static class XBotTopology
{
    public static DistributedApplicationBuilder AddXBot(this DistributedApplicationBuilder builder)
    {
        var adminPassword = builder.AddParameter("admin-password", secret: true);

        var cache = builder.AddRedis("cache");

        var postgres = builder.AddPostgres("postgres");
        var xbotdb = postgres.AddDatabase("xbotdb");

        // Migrations run once, before the services: their schema guard refuses an unmigrated database.
        var migrations = builder.AddProject("migrations", "XBot.Worker")
            .WithArgs("db", "migrate")
            .WithReference(xbotdb)
            .WaitFor(xbotdb)
            .AsJob();

        var api = builder.AddProject("api", "XBot.Api")
            .WithHttpEndpoint(builder.StablePort("api"))
            .WithReference(cache)
            .WithReference(xbotdb)
            .WaitFor(cache)
            .WaitFor(xbotdb)
            .WaitForCompletion(migrations);

        var worker = builder.AddProject("worker", "XBot.Worker")
            .WithHttpEndpoint()
            .WithReference(cache)
            .WithReference(xbotdb)
            .WaitFor(cache)
            .WaitFor(xbotdb)
            .WaitForCompletion(migrations);

        // AppHost:X=simulator runs the X stand-in and points the worker's real X client at it, live,
        // so the whole loop runs offline. Credentials are generated: the stand-in verifies real signatures.
        if (string.Equals(builder.Configuration["AppHost:X"], "simulator", StringComparison.OrdinalIgnoreCase))
        {
            var x = builder.AddProject("x", "XBot.XSimulator").WithHttpEndpoint(builder.StablePort("x"));
            string[] credentials = ["ConsumerKey", "ConsumerSecret", "AccessToken", "AccessTokenSecret"];
            string[] variables = ["TWITTER_API_KEY", "TWITTER_API_SECRET", "TWITTER_ACCESS_TOKEN", "TWITTER_ACCESS_TOKEN_SECRET"];
            for (var i = 0; i < credentials.Length; i++)
            {
                var value = builder.AddParameter($"x-{credentials[i].ToLowerInvariant()}", secret: true);
                x.WithEnvironment($"XSimulator__Credentials__{credentials[i]}", value);
                worker.WithEnvironment(variables[i], value);
            }
            worker.WithEnvironment("X_API_BASE_URL", x.Url)
                .WithEnvironment("LIVE_POSTS", "true")
                .WaitFor(x);
        }

        builder.AddProject("web", "XBot.Web")
            .WithHttpEndpoint(builder.StablePort("web"))
            .WithReference(api)
            .WithEnvironment("Admin__Password", adminPassword)
            .WaitFor(api)
            .AsConsole(adminPassword);

        return builder;
    }
}
