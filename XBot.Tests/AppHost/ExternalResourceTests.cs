using XBot.AppHost.Hosting.Resources;
using XBot.AppHost.Hosting.Testing;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.AppHost;

/// <summary>Configured connection strings make the AppHost use those servers instead of starting its own.</summary>
public sealed class ExternalResourceTests
{
    [Fact]
    public async Task Configured_servers_are_used_and_nothing_is_started()
    {
        var owner = DistributedApplicationTestingBuilder.Create();
        owner.AddRedis("cache");
        owner.AddPostgres("postgres").AddDatabase("xbotdb");
        await using var servers = owner.Build();
        await servers.StartAsync();
        await servers.WaitForAllHealthyAsync(Deadline.Minutes(3));

        var user = DistributedApplicationTestingBuilder.Create(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = servers.GetConnectionString("cache"),
            ["ConnectionStrings:xbotdb"] = servers.GetConnectionString("xbotdb"),
        });
        user.AddRedis("cache");
        user.AddPostgres("postgres").AddDatabase("xbotdb");
        await using var app = user.Build();
        await app.StartAsync();
        await app.WaitForAllHealthyAsync(Deadline.Minutes(2));

        Assert.All(app.GetSnapshots(), s =>
        {
            Assert.Equal(ResourceState.External, s.State);
            Assert.Equal(HealthStatus.Healthy, s.Health);
            Assert.Null(s.ProcessId);
        });
        Assert.Empty(app.GetProcessIds());
        Assert.Equal(servers.GetConnectionString("xbotdb"), app.GetConnectionString("xbotdb"));
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "postgres", "data")));
    }
}
