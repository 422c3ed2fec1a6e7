using XBot.Core.Posting.Lifecycle;
using XBot.Core.Storage;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.Tweets;
using XBot.Core.Text;
using XBot.Tests.Infrastructure;
using XBot.Tests.Posting;
using XBot.Tests.Storage;

namespace XBot.Tests.Candidates;

/// <summary>Offline, the built-in catalogue keeps a 17-a-day bot supplied for two weeks without repeating itself.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class CandidateSupplyTests(InfrastructureFixture fixture)
{
    private const int PostsPerDay = 17;

    [Fact]
    public async Task Fourteen_days_of_refreshes_supply_distinct_near_duplicate_free_posts()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        var posted = new List<(DateTimeOffset At, string Text)>();

        for (var day = 0; day < 14; day++)
        {
            var morning = clock.GetUtcNow();
            var refresh = await worker.Refresher.RefreshAsync(CancellationToken.None);
            Assert.True(refresh.Warning is null, $"day {day}: {refresh.Warning}");
            Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'CANDIDATES_EXHAUSTED'"));

            // The day's posts, as the scheduler would make them (shadow mode), spread over the day.
            var queued = await worker.Lifecycle.ListAsync([TweetStatus.Queued], PostsPerDay, CancellationToken.None);
            Assert.True(queued.Count == PostsPerDay, $"day {day}: only {queued.Count} queued ({refresh.Duplicates} duplicates, {refresh.NearDuplicates} near)");
            foreach (var row in queued)
            {
                Assert.True(await worker.Lifecycle.TransitionAsync(row.Id, [TweetStatus.Queued], new Transition(TweetStatus.Picked, "test"), CancellationToken.None));
                Assert.True(await worker.Lifecycle.TransitionAsync(row.Id, [TweetStatus.Picked], new Transition(TweetStatus.Shadowed, "test") { PostedAt = clock.GetUtcNow() }, CancellationToken.None));
                posted.Add((clock.GetUtcNow(), row.Content));
                clock.Advance(TimeSpan.FromMinutes(50));
            }
            clock.SetUtcNow(morning.AddDays(1));
            await worker.Lifecycle.ExpireAsync(CancellationToken.None);
        }

        Assert.Equal(14 * PostsPerDay, posted.Count);
        Assert.Equal(posted.Count, posted.Select(p => ContentFingerprint.Of(p.Text).Hash).Distinct().Count());
        var options = worker.Get<Microsoft.Extensions.Options.IOptions<DedupOptions>>().Value;
        var shingles = posted.Select(p => Shingles.Of(p.Text, options.ShingleSize)).ToList();
        for (var i = 0; i < posted.Count; i++)
        {
            for (var j = i + 1; j < posted.Count && posted[j].At - posted[i].At < StoreLimits.DedupWindow; j++)
            {
                Assert.True(shingles[i].JaccardWith(shingles[j]) < options.NearDuplicateThreshold, $"near-duplicates within a week:\n{posted[i].Text}\n{posted[j].Text}");
            }
        }
    }

    [Fact]
    public async Task A_refresh_says_plainly_when_the_sources_are_exhausted()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock, new Dictionary<string, string?>
        {
            ["Candidates:Topics:0:Name"] = "kubernetes",
            ["Candidates:Topics:0:Templates:0"] = "Pin the image digest, not the tag, in every {topic} deployment.",
            ["Candidates:Topics:0:Templates:1"] = "Set requests and limits on every {topic} container you run.",
        });

        var first = await worker.Refresher.RefreshAsync(CancellationToken.None);
        var second = await worker.Refresher.RefreshAsync(CancellationToken.None);

        Assert.Equal(2, first.Queued);
        Assert.Contains("exhausted", first.Warning);
        Assert.Equal(0, second.Queued);
        Assert.Equal(2, second.Duplicates);
        Assert.Contains("templates offered all 2 drafts it has and 0 could be queued", second.Warning);
        Assert.Contains("Candidates:Topics", second.Warning);
        Assert.Equal(2L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'CANDIDATES_EXHAUSTED' AND severity = 'warning'"));
    }

    [Fact]
    public async Task The_cli_prints_the_exhaustion_warning()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var settings = scope.Settings(new Dictionary<string, string?>
        {
            ["Candidates:Topics:0:Name"] = "kubernetes",
            ["Candidates:Topics:0:Templates:0"] = "Pin the image digest, not the tag, in every {topic} deployment.",
        });

        Assert.Equal(0, (await CliRunner.RunAsync(settings, "candidates", "refresh")).ExitCode);
        var again = await CliRunner.RunAsync(settings, "candidates", "refresh");

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("queued 0", again.Stdout);
        Assert.Contains("WARNING: candidate sources exhausted: templates offered all 1 drafts it has and 0 could be queued", again.Stdout);
    }
}
