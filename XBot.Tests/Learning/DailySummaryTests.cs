using System.Text.Json.Nodes;
using XBot.Core.Learning;
using XBot.Tests.Infrastructure;
using XBot.Tests.Posting;
using XBot.Tests.Storage;

namespace XBot.Tests.Learning;

[Collection(InfrastructureCollection.Name)]
public sealed class DailySummaryTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task The_daily_job_writes_one_row_per_day_and_rewrites_it_when_run_again()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        await using var worker = await PipelineHost.StartAsync(scope, PipelineHost.NewClock());
        var day = new DateOnly(2026, 3, 1);
        var noon = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", noon, metrics: (10, 2, 2, 1, 0, 100), reward: 0.8);   // 0.15 viral
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", noon.AddHours(1), metrics: (2, 0, 1, 0, 0, 100));    // 0.03 medium, not rewarded
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", noon.AddHours(2), status: "shadowed");
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", noon.AddDays(1), reward: 0.1);                       // the next day
        await scope.ScalarAsync<int?>("UPDATE tweets SET engagement = engagement || jsonb_build_object('engagement_rate', ((engagement ->> 'likes')::float8 + (engagement ->> 'retweets')::float8 + (engagement ->> 'replies')::float8 + (engagement ->> 'quotes')::float8 + (engagement ->> 'bookmarks')::float8) / (engagement ->> 'impressions')::float8) WHERE engagement ? 'impressions'");
        var writer = worker.Get<DailySummaryWriter>();

        await writer.WriteAsync(day, CancellationToken.None);
        await LearningTestData.InsertPostAsync(scope.Postgres, "ops", noon.AddHours(3), reward: 0.6);
        await writer.WriteAsync(day, CancellationToken.None);

        var metrics = JsonNode.Parse(await scope.ScalarAsync<string>("SELECT metrics::text FROM daily_summaries WHERE summary_type = 'daily' AND date = DATE '2026-03-01'"))!;
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM daily_summaries WHERE summary_type = 'daily'"));
        Assert.Equal((3, 1, 1, 0, 1, 2), (
            metrics["posts_published"]!.GetValue<int>(), metrics["posts_shadowed"]!.GetValue<int>(), metrics["viral"]!.GetValue<int>(),
            metrics["high"]!.GetValue<int>(), metrics["medium"]!.GetValue<int>(), metrics["rewarded_posts"]!.GetValue<int>()));
        Assert.Equal(0.09, metrics["avg_engagement_rate"]!.GetValue<double>(), 9);
        Assert.Equal(0.7, metrics["avg_reward"]!.GetValue<double>(), 9);
    }
}
