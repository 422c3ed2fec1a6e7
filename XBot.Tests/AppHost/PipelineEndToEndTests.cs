using System.Text.Json.Nodes;
using Npgsql;
using XBot.AppHost.Hosting;
using XBot.AppHost.Hosting.Resources;
using XBot.AppHost.Hosting.Testing;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.AppHost;

/// <summary>The posting loop through the whole stack the AppHost starts: shadow mode, and live against the X stand-in.</summary>
public sealed class PipelineEndToEndTests
{
    [Fact]
    public async Task Shadow_run_refreshes_candidates_runs_a_cycle_logs_the_shadow_line_and_records_the_post()
    {
        var builder = DistributedApplicationTestingBuilder.CreateXBot();
        Worker(builder)
            .WithEnvironment("POST_FRACTION", "1")
            .WithEnvironment("Scheduler__CycleInterval", "00:00:05");
        await using var app = builder.Build();
        await StartAsync(app);
        await AllowPostingNowAsync(app);

        var refresh = await CliRunner.RunAsync(Settings(app), "candidates", "refresh");
        Assert.Equal(0, refresh.ExitCode);
        Assert.Contains("queued", refresh.Stdout);

        var line = await app.Output.WaitForLineAsync("worker", l => l.Contains("SHADOW MODE - Would post: "), Deadline.Minutes(2));
        var text = line[(line.IndexOf("SHADOW MODE - Would post: ", StringComparison.Ordinal) + "SHADOW MODE - Would post: ".Length)..];
        await using var connection = new NpgsqlConnection(app.GetConnectionString("xbotdb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM tweets WHERE status = 'shadowed' AND content = @text", connection);
        command.Parameters.AddWithValue("text", text);
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Simulated_mode_posts_live_to_the_X_stand_in_from_the_CLI()
    {
        var builder = DistributedApplicationTestingBuilder.CreateXBot(new Dictionary<string, string?> { ["AppHost:X"] = "simulator" });
        Worker(builder).WithEnvironment("Scheduler__Enabled", "false");
        await using var app = builder.Build();
        await StartAsync(app);
        await AllowPostingNowAsync(app, postFraction: 1.0);
        var settings = Settings(app);
        settings["LIVE_POSTS"] = "true";
        settings["X_API_BASE_URL"] = app.GetEndpoint("x").ToString();
        settings["TWITTER_API_KEY"] = app.GetParameterValue("x-consumerkey");
        settings["TWITTER_API_SECRET"] = app.GetParameterValue("x-consumersecret");
        settings["TWITTER_ACCESS_TOKEN"] = app.GetParameterValue("x-accesstoken");
        settings["TWITTER_ACCESS_TOKEN_SECRET"] = app.GetParameterValue("x-accesstokensecret");

        var refresh = await CliRunner.RunAsync(settings, "candidates", "refresh");
        var cycle = await CliRunner.RunAsync(settings, "schedule", "test", "--json");

        Assert.Equal(0, refresh.ExitCode);
        Assert.True(cycle.ExitCode == 0, cycle.ToString());
        var decision = JsonNode.Parse(cycle.Stdout)!;
        Assert.Equal("posted", decision["outcome"]!.GetValue<string>());
        Assert.DoesNotContain("local-", decision["tweetId"]!.GetValue<string>());
    }

    private static ProjectResource Worker(DistributedApplicationBuilder builder) =>
        builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "worker");

    private static async Task StartAsync(DistributedApplication app)
    {
        await app.StartAsync();
        try
        {
            await app.WaitForAllHealthyAsync(Deadline.Minutes(4));
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"The stack did not become healthy: {ex.Message}{Environment.NewLine}{app.Output.Tail()}", ex);
        }
    }

    private static Dictionary<string, string?> Settings(DistributedApplication app) => new()
    {
        ["ConnectionStrings:cache"] = app.GetConnectionString("cache"),
        ["ConnectionStrings:xbotdb"] = app.GetConnectionString("xbotdb"),
    };

    /// <summary>Whatever the hour the suite runs at, it is not a quiet hour for this test.</summary>
    private static async Task AllowPostingNowAsync(DistributedApplication app, double? postFraction = null)
    {
        await using var store = await StoreHost.StartAsync(app.GetConnectionString("cache")!, app.GetConnectionString("xbotdb")!, "dev:", start: false);
        var notNow = (DateTimeOffset.UtcNow.Hour + 12) % 24;
        await store.Store.SetConfigAsync("quiet_hours", new JsonArray(notNow), "test");
        if (postFraction is { } fraction)
        {
            await store.Store.SetConfigAsync("post_fraction", JsonValue.Create(fraction), "test");
        }
    }
}
