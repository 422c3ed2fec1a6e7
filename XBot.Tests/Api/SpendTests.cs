using System.Net;
using System.Text.Json.Nodes;
using XBot.Core.Scheduling;
using XBot.Core.Storage.Tweets;
using XBot.Tests.Infrastructure;
using XBot.Tests.Posting;
using XBot.Tests.Storage;
using XBot.XSimulator;

namespace XBot.Tests.Api;

[Collection(InfrastructureCollection.Name)]
public sealed class SpendTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task Each_live_post_is_charged_and_the_daily_cap_holds_the_next_one_back()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var clock = PipelineHost.NewClock();
        await using var x = await XSimulatorHost.StartAsync(baseClock: clock);
        await using var worker = await PipelineHost.StartAsync(scope, clock, new Dictionary<string, string?>(x.ClientSettings) { ["LIVE_POSTS"] = "true" });
        await using var api = await ApiHost.StartAsync(scope, time: clock);
        await worker.RelaxCapsAsync();
        await worker.EnqueueAsync("Budgets are rate limits with a currency sign.");
        var first = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        await worker.EnqueueAsync("Read the docs at https://example.com/guide before you page anyone.");
        clock.Advance(TimeSpan.FromMinutes(16));
        var second = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        var spent = JsonNode.Parse(await api.Client.GetStringAsync("/api/spend"))!;

        using var cap = await api.Client.PutAsync("/api/config/spend_daily_usd", new StringContent("""{"value":0.22}""", System.Text.Encoding.UTF8, "application/json"));
        var third = await worker.EnqueueAsync("Nothing is free at scale, least of all an API call.");
        clock.Advance(TimeSpan.FromMinutes(16));
        var held = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        var cli = await CliRunner.RunAsync(scope.Settings(), "spend");

        Assert.Equal((CycleOutcome.Posted, CycleOutcome.Posted), (first.Outcome, second.Outcome));
        Assert.Equal(0.215m, (decimal)spent["todayUsd"]!);
        Assert.Equal(0.015m, (decimal)spent["todayByOperation"]!["post"]!);
        Assert.Equal(0.2m, (decimal)spent["todayByOperation"]!["post_with_url"]!);
        Assert.Equal(HttpStatusCode.OK, cap.StatusCode);
        Assert.Equal(CycleOutcome.Skipped, held.Outcome);
        Assert.Contains("spend cap: today's X spend $0.215 + $0.015 would exceed spend_daily_usd $0.22", held.Reason);
        Assert.Equal(2, x.State.Posts.All().Count);
        Assert.Equal(TweetStatus.Queued, (await worker.Lifecycle.GetAsync(third, CancellationToken.None))!.Status);
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Contains("today $0.215 of $0.22", cli.Stdout);
    }

    [Fact]
    public async Task Shadow_posts_cost_nothing_and_are_not_held_by_the_cap()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        await worker.RelaxCapsAsync();
        await worker.Store.SetConfigAsync("spend_daily_usd", JsonValue.Create(0), "test");
        await worker.EnqueueAsync("Shadow mode is a dress rehearsal with the lights on.");

        var decision = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.Shadowed, decision.Outcome);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM x_spend_ledger"));
    }
}
