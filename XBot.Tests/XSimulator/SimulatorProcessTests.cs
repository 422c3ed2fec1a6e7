using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using XBot.Tests.Infrastructure;
using XBot.Core.Posting.XApi;
using XBot.Tests.Posting.XApi;

namespace XBot.Tests.XSimulator;

/// <summary>The stand-in as the AppHost would run it: its own process, configured by environment variables.</summary>
public sealed class SimulatorProcessTests
{
    private static ProcessStartInfo StartInfo(int port)
    {
        var layout = RepositoryLayout.FromBuild();
        var info = layout.StartInfo("XBot.XSimulator");
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["XSimulator__Account__Username"] = "from_env";
        return info;
    }

    [Fact]
    public async Task It_serves_health_and_the_real_client_from_its_environment()
    {
        var port = PortFinder.Free();
        using var process = Process.Start(StartInfo(port))!;
        var output = process.StandardOutput.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Deadline.UntilAsync(() => IsHealthy(http), "the stand-in to answer /health");

            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["LIVE_POSTS"] = "true",
                ["X_API_BASE_URL"] = $"http://127.0.0.1:{port}",
                // The documented default credentials.
                ["TWITTER_API_KEY"] = "xsim-consumer-key",
                ["TWITTER_API_SECRET"] = "xsim-consumer-secret",
                ["TWITTER_ACCESS_TOKEN"] = "1500000000000000001-xsim-access-token",
                ["TWITTER_ACCESS_TOKEN_SECRET"] = "xsim-access-token-secret",
            });
            builder.Services.AddXApi(builder.Configuration);
            using var host = builder.Build();
            var client = host.Services.GetRequiredService<IXApiClient>();

            var me = await client.GetMeAsync().Soon();
            var post = await client.PostTweetAsync("Hello from another process").Soon();

            Assert.Equal("from_env", me.Value?.Username);
            Assert.IsType<PostResult.Posted>(post);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        Assert.Contains("X stand-in ready", await output);
    }

    [Fact]
    public async Task A_bad_setting_stops_it_naming_the_setting()
    {
        var info = StartInfo(PortFinder.Free());
        info.Environment["XSimulator__RateLimits__PostsPer24Hours"] = "0";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(Deadline.Minutes(1));

        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("XSimulator:RateLimits:PostsPer24Hours is 0", await output + await error);
    }

    private static bool IsHealthy(HttpClient http)
    {
        try
        {
            return http.GetAsync("/health").GetAwaiter().GetResult().IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
