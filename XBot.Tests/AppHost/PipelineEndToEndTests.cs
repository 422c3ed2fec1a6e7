using System.Text.Json.Nodes;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Aspire.Hosting.Testing;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.AppHost;

/// <summary>The posting loop through the stack the AppHost starts in simulator mode: live, against the X stand-in.</summary>
public sealed class PipelineEndToEndTests
{
    [Fact]
    public async Task Simulated_mode_posts_live_to_the_X_stand_in_from_the_CLI()
    {
        await using var stack = await XBotStack.StartAsync(["--AppHost:X=simulator"], worker => worker.WithEnvironment("Scheduler__Enabled", "false"));
        await stack.AllowPostingNowAsync(postFraction: 1.0);
        var settings = await stack.CliSettingsAsync();
        settings["LIVE_POSTS"] = "true";
        settings["X_API_BASE_URL"] = stack.App.GetEndpoint("x", "http").ToString();
        foreach (var (parameter, variable) in new[]
                 {
                     ("x-consumerkey", "TWITTER_API_KEY"), ("x-consumersecret", "TWITTER_API_SECRET"),
                     ("x-accesstoken", "TWITTER_ACCESS_TOKEN"), ("x-accesstokensecret", "TWITTER_ACCESS_TOKEN_SECRET"),
                 })
        {
            settings[variable] = await ParameterValueAsync(stack.App, parameter);
        }

        var refresh = await CliRunner.RunAsync(settings, "candidates", "refresh");
        var cycle = await CliRunner.RunAsync(settings, "schedule", "test", "--json");

        Assert.True(refresh.ExitCode == 0, refresh.ToString());
        Assert.True(cycle.ExitCode == 0, cycle.ToString());
        var decision = JsonNode.Parse(cycle.Stdout)!;
        Assert.Equal("posted", decision["outcome"]!.GetValue<string>());
        Assert.DoesNotContain("local-", decision["tweetId"]!.GetValue<string>());
        using var x = stack.App.CreateHttpClient("x", "http");
        Assert.Contains(decision["tweetId"]!.GetValue<string>(), await x.GetStringAsync("/_sim/posts"));
    }

    private static async Task<string> ParameterValueAsync(DistributedApplication app, string name)
    {
        var model = app.Services.GetRequiredService<Aspire.Hosting.ApplicationModel.DistributedApplicationModel>();
        var parameter = model.Resources.OfType<Aspire.Hosting.ApplicationModel.ParameterResource>().Single(p => p.Name == name);
        return (await parameter.GetValueAsync(CancellationToken.None))!;
    }
}
