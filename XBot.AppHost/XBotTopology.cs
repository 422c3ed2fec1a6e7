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

        builder.AddProject("worker", "XBot.Worker")
            .WithHttpEndpoint()
            .WithReference(cache)
            .WithReference(xbotdb)
            .WaitFor(cache)
            .WaitFor(xbotdb)
            .WaitForCompletion(migrations);

        builder.AddProject("web", "XBot.Web")
            .WithHttpEndpoint(builder.StablePort("web"))
            .WithReference(api)
            .WithEnvironment("Admin__Password", adminPassword)
            .WaitFor(api)
            .AsConsole(adminPassword);

        return builder;
    }
}
