using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using XBot.AppHost.Resources;

namespace XBot.Tests.AppHost;

/// <summary>Configured connection strings make the AppHost use those servers instead of starting its own.</summary>
public sealed class ExternalResourceTests
{
    [Fact]
    public async Task Configured_servers_are_used_and_no_server_resource_is_declared()
    {
        const string Redis = "cache.example.internal:6380,ssl=true";
        const string Postgres = "Host=db.example.internal;Port=5432;Username=xbot;Password=p;Database=xbotdb";

        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.XBot_AppHost>(
            [$"--ConnectionStrings:cache={Redis}", $"--ConnectionStrings:xbotdb={Postgres}"]);

        Assert.DoesNotContain(builder.Resources, r => r is RedisServerResource or PostgresServerResource or PostgresDatabaseResource);
        var cache = Assert.IsAssignableFrom<IResourceWithConnectionString>(builder.Resources.Single(r => r.Name == "cache"));
        var xbotdb = Assert.IsAssignableFrom<IResourceWithConnectionString>(builder.Resources.Single(r => r.Name == "xbotdb"));
        Assert.Equal(Redis, await cache.GetConnectionStringAsync());
        Assert.Equal(Postgres, await xbotdb.GetConnectionStringAsync());
    }
}
