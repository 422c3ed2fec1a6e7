using System.Text.Json.Nodes;
using XBot.Tests.Infrastructure;
using XBot.Tests.Learning;
using XBot.Tests.Storage;

namespace XBot.Tests.Api;

/// <summary><c>posts list</c>, <c>posts show ID</c> and <c>db overview</c>: the api's read side from the command line.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class InsightsCliTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task Posts_list_and_show_print_the_posts_with_their_rate_tier_and_history()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var id = await LearningTestData.InsertPostAsync(scope.Postgres, "ai", DateTimeOffset.UtcNow.AddHours(-1), metrics: (3, 0, 0, 0, 1, 100));

        var list = await CliRunner.RunAsync(scope.Settings(), "posts", "list", "--limit", "5");
        var json = await CliRunner.RunAsync(scope.Settings(), "posts", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        var missing = await CliRunner.RunAsync(scope.Settings(), "posts", "show", "999999");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches($@"#{id}\s+posted .* ai\s+rate 0\.0400\s+medium", list.Stdout);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal("medium", (string?)JsonNode.Parse(json.Stdout)!["post"]!["tier"]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("There is no post 999999", missing.Stderr);
    }

    [Theory]
    [InlineData("--limit", "0", "--limit must be a whole number from 1 to 200")]
    [InlineData("--status", "famous", "--status must be one or more (comma-separated) of")]
    public async Task Posts_list_refuses_bad_options_with_exit_2(string option, string value, string message)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);

        var result = await CliRunner.RunAsync(scope.Settings(), "posts", "list", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public async Task Db_overview_prints_connections_and_table_sizes()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);

        var result = await CliRunner.RunAsync(scope.Settings(), "db", "overview");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"connections: .*\d", result.Stdout);
        Assert.Matches(@"\n\s+tweets\s+\d", result.Stdout);
    }
}
