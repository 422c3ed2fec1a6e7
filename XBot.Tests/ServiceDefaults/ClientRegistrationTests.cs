using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using StackExchange.Redis;
using XBot.ServiceDefaults.Connections;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.ServiceDefaults;

public sealed class ClientRegistrationTests
{
    [Fact]
    public void The_Redis_client_fails_at_startup_when_the_setting_is_missing()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        var error = Assert.Throws<ConnectionSettingException>(() => builder.AddXBotRedisClient("cache"));

        Assert.Contains("ConnectionStrings:cache", error.Message);
    }

    [Fact]
    public void The_PostgreSQL_data_source_fails_at_startup_when_the_setting_is_malformed()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["DATABASE_URL"] = "postgres://nohost";

        var error = Assert.Throws<ConnectionSettingException>(() => builder.AddXBotNpgsqlDataSource("xbotdb"));

        Assert.Contains("DATABASE_URL", error.Message);
    }

    [Fact]
    public async Task Aspire_integrations_get_the_translated_settings_and_their_health_checks_report_a_dead_server()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["ConnectionStrings:cache"] = "127.0.0.1:1";
        builder.Configuration["REDIS_URL"] = "redis://ignored:2";
        builder.Configuration["DATABASE_URL"] = "postgres://u:p@127.0.0.1:1/xbotdb";
        builder.AddServiceDefaults();
        builder.AddXBotRedisClient("cache");
        builder.AddXBotNpgsqlDataSource("xbotdb");

        using var host = builder.Build();
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        await using var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        Assert.Equal(("127.0.0.1", "xbotdb"), (settings.Host, settings.Database));
        Assert.Equal(64, settings.MaxAutoPrepare);
        Assert.Contains("127.0.0.1:1", redis.Configuration);
        // Nothing listens on port 1: both checks must report it rather than pass.
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["StackExchange.Redis"].Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["PostgreSql"].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["self"].Status);
    }

    [Fact]
    public void An_explicit_auto_prepare_setting_is_kept()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["ConnectionStrings:xbotdb"] = "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=xbotdb;Max Auto Prepare=0";
        builder.AddXBotNpgsqlDataSource("xbotdb");

        using var host = builder.Build();

        Assert.Equal(0, new NpgsqlConnectionStringBuilder(host.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString).MaxAutoPrepare);
    }

    [Fact]
    public async Task Health_answers_Unhealthy_when_PostgreSQL_accepts_connections_but_never_replies()
    {
        // A frozen server: the TCP connection opens, and nothing ever comes back.
        using var frozen = new TcpListener(IPAddress.Loopback, 0);
        frozen.Start();
        var accepted = new List<Socket>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                var socket = await frozen.AcceptSocketAsync();
                lock (accepted) accepted.Add(socket);
            }
        });
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["ConnectionStrings:xbotdb"] =
            $"Host=127.0.0.1;Port={((IPEndPoint)frozen.LocalEndpoint).Port};Username=u;Password=p;Database=xbotdb;Timeout=1024;Command Timeout=0";
        builder.AddServiceDefaults();
        builder.AddXBotNpgsqlDataSource("xbotdb");
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync().WaitAsync(Deadline.Minutes(1));

        Assert.Equal(HealthStatus.Unhealthy, report.Entries["PostgreSql"].Status);
    }

    [Fact]
    public async Task A_check_that_ignores_cancellation_is_abandoned_at_its_timeout_and_reported_Unhealthy()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddServiceDefaults();
        builder.Services.AddHealthChecks().AddAsyncCheck("stuck", async () =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, CancellationToken.None);
            return HealthCheckResult.Healthy();
        });
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync().WaitAsync(Deadline.Minutes(1));

        // Without the bound, CheckHealthAsync would never return.
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["stuck"].Status);
    }
}
