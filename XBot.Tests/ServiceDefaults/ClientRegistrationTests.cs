using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using StackExchange.Redis;
using XBot.ServiceDefaults.Connections;

namespace XBot.Tests.ServiceDefaults;

public sealed class ClientRegistrationTests
{
    [Fact]
    public void AddRedisClient_fails_at_startup_when_the_setting_is_missing()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        var error = Assert.Throws<ConnectionSettingException>(() => builder.AddRedisClient("cache"));

        Assert.Contains("ConnectionStrings:cache", error.Message);
    }

    [Fact]
    public void AddNpgsqlDataSource_fails_at_startup_when_the_setting_is_malformed()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["DATABASE_URL"] = "postgres://nohost";

        var error = Assert.Throws<ConnectionSettingException>(() => builder.AddNpgsqlDataSource("xbotdb"));

        Assert.Contains("DATABASE_URL", error.Message);
    }

    [Fact]
    public async Task Clients_are_registered_with_health_checks_from_the_Aspire_keys()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["ConnectionStrings:cache"] = "127.0.0.1:1";
        builder.Configuration["REDIS_URL"] = "redis://ignored:2";
        builder.Configuration["DATABASE_URL"] = "postgres://u:p@127.0.0.1:1/xbotdb";
        builder.AddServiceDefaults();
        builder.AddRedisClient("cache");
        builder.AddNpgsqlDataSource("xbotdb");

        using var host = builder.Build();
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        await using var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();
        var health = host.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>();
        var report = await health.CheckHealthAsync();

        Assert.Equal("127.0.0.1", new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Host);
        Assert.Contains("127.0.0.1:1", redis.Configuration);
        // Nothing listens on port 1: both checks must report it rather than pass.
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, report.Entries["redis-cache"].Status);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, report.Entries["postgres-xbotdb"].Status);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, report.Entries["self"].Status);
    }
}
