using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using XBot.AppHost.Hosting.Resources;
using XBot.AppHost.Hosting.Testing;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.AppHost;

public sealed partial class SupervisionTests
{
    [Fact]
    public async Task A_crashed_resource_is_restarted_with_growing_capped_backoff()
    {
        var builder = DistributedApplicationTestingBuilder.Create(configure: o =>
        {
            o.RestartBackoffInitial = TimeSpan.FromMilliseconds(100);
            o.RestartBackoffMax = TimeSpan.FromMilliseconds(400);
        });
        builder.AddExecutable("crashy", "sh", "-c", "echo started; exit 3");
        await using var app = builder.Build();

        await app.StartAsync();
        await Deadline.UntilAsync(() => app.GetResource("crashy").RestartCount >= 4, "crashy restarted four times");

        var delays = app.Output.GetLines("apphost")
            .Select(line => RestartDelay().Match(line))
            .Where(m => m.Success)
            .Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .Take(4)
            .ToList();
        Assert.Equal([0.1, 0.2, 0.4, 0.4], delays);
        Assert.Equal(3, app.GetResource("crashy").Snapshot().ExitCode);
        Assert.True(app.Output.GetLines("crashy").Count(line => line == "started") >= 4);
    }

    [Fact]
    public async Task A_stable_port_in_use_fails_the_resource_with_what_to_do()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddProject("api", "XBot.Api").WithHttpEndpoint(port);
        await using var app = builder.Build();

        await app.StartAsync();
        var error = await Assert.ThrowsAsync<ResourceFailedException>(() => app.WaitForResourceHealthyAsync("api", Deadline.Minutes(1)));

        Assert.Contains($"port {port} is in use", error.Message);
        Assert.Contains("AppHost__Ports__api", error.Message);
        Assert.Equal(ResourceState.FailedToStart, app.GetResource("api").State);
    }

    [Fact]
    public async Task Missing_postgres_binaries_fail_with_install_instructions()
    {
        var builder = DistributedApplicationTestingBuilder.Create(new Dictionary<string, string?>
        {
            ["AppHost:PostgresBinDirectory"] = "/nonexistent/postgres/bin",
        });
        builder.AddPostgres("postgres").AddDatabase("xbotdb");
        await using var app = builder.Build();

        await app.StartAsync();
        var error = await Assert.ThrowsAsync<ResourceFailedException>(() => app.WaitForResourceHealthyAsync("xbotdb", Deadline.Minutes(1)));

        Assert.Contains("apt-get install -y postgresql", error.Message);
        Assert.Equal(ResourceState.FailedToStart, app.GetResource("postgres").State);
    }

    [GeneratedRegex(@"crashy exited with code 3; restarting in ([\d.]+)s")]
    private static partial Regex RestartDelay();
}
