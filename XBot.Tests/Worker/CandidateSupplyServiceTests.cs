using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Storage.Tweets;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Worker;

/// <summary>The worker keeps its queue supplied on its own: a refresh at start, and another whenever the queue runs low.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class CandidateSupplyServiceTests(InfrastructureFixture fixture)
{
    private static readonly Dictionary<string, string?> Supply = new()
    {
        ["Candidates:Supply:Enabled"] = "true",
        ["Candidates:Supply:CheckInterval"] = "00:00:01",
        ["Candidates:Supply:LowWater"] = "5",
        // No posting in these tests: the queue only changes by the supply and by the test.
        ["Scheduler:CycleInterval"] = "01:00:00",
    };

    [Fact]
    public async Task The_worker_fills_an_empty_queue_and_refills_it_when_it_runs_low()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var worker = await WorkerHost.StartAsync(scope, Supply);
        var lifecycle = worker.Services.GetRequiredService<PostLifecycleStore>();

        await Deadline.UntilAsync(async () => await lifecycle.CountAsync(TweetStatus.Queued, CancellationToken.None) >= 5, "the worker did not queue candidates on its own");
        var first = await scope.ScalarAsync<long>("SELECT count(*) FROM tweets");

        Assert.True(await lifecycle.ClearQueueAsync("test", CancellationToken.None) > 0);
        await Deadline.UntilAsync(async () => await lifecycle.CountAsync(TweetStatus.Queued, CancellationToken.None) >= 5, "the worker did not refill a queue below Candidates:Supply:LowWater");

        // Fresh candidates, not the cleared ones back: each text is queued once.
        Assert.True(await scope.ScalarAsync<long>("SELECT count(*) FROM tweets") > first);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) - count(DISTINCT content_hash) FROM tweets WHERE status = 'queued'"));
    }

    [Theory]
    [InlineData("Candidates:Supply:RefreshInterval", "00:00:10")]
    [InlineData("Candidates:Supply:LowWater", "-1")]
    [InlineData("Candidates:Supply:CheckInterval", "02:00:00")]
    public async Task A_supply_setting_out_of_range_stops_the_start_naming_it(string key, string value)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var worker = await WorkerHost.StartAsync(scope, new Dictionary<string, string?>(Supply) { [key] = value });
        });
        Assert.Contains(key, error.Message);
    }
}
