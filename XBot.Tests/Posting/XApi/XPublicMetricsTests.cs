using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using XBot.Core.Posting.XApi;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Posting.XApi;

/// <summary>A count X leaves out or renames is unknown, never 0: learning must not read silence as "nobody engaged".</summary>
public sealed class XPublicMetricsTests
{
    private static async Task<XPublicMetrics> MetricsAsync(string metricsJson)
    {
        await using var server = await LocalHttpServer.StartAsync(app => app.MapGet("/2/tweets", () =>
            Results.Text($$"""{"data":[{"id":"7","text":"t","public_metrics":{{metricsJson}}}]}""", "application/json")));
        await using var x = await XApiHarness.StartAsync(settings: s => s["X_API_BASE_URL"] = server.BaseAddress.ToString());
        return (await x.Client.GetTweetsAsync(["7"]).Soon()).Tweets.Single().PublicMetrics!;
    }

    [Fact]
    public async Task Missing_counts_are_unknown_and_so_are_the_engagements_they_make()
    {
        var metrics = await MetricsAsync("""{"retweet_count":1,"reply_count":2,"quote_count":3,"bookmark_count":4,"impression_count":50}""");

        Assert.Null(metrics.LikeCount);
        Assert.Null(metrics.Engagements);
        Assert.False(metrics.IsComplete);
        Assert.Equal(50, metrics.ImpressionCount);
    }

    [Fact]
    public async Task The_2_167_name_repost_count_is_read_as_the_retweet_count()
    {
        var metrics = await MetricsAsync("""{"repost_count":5,"reply_count":1,"like_count":2,"quote_count":0,"bookmark_count":0,"impression_count":90}""");

        Assert.Equal(5, metrics.RetweetCount);
        Assert.Equal(8, metrics.Engagements);
        Assert.True(metrics.IsComplete);
    }

    [Fact]
    public async Task A_lookup_error_that_is_not_a_not_found_leaves_the_id_unfetched()
    {
        await using var server = await LocalHttpServer.StartAsync(app => app.MapGet("/2/tweets", () =>
            Results.Text("""{"errors":[{"title":"Authorization Error","type":"https://api.twitter.com/2/problems/not-authorized-for-resource","resource_id":"8","value":"8","detail":"Sorry, you are not authorized to see the Post with id: [8]."}]}""", "application/json")));
        await using var x = await XApiHarness.StartAsync(settings: s => s["X_API_BASE_URL"] = server.BaseAddress.ToString());

        var lookup = await x.Client.GetTweetsAsync(["8"]).Soon();

        Assert.Empty(lookup.NotFoundIds);
        Assert.Equal(["8"], lookup.UnfetchedIds);
        Assert.False(lookup.IsComplete);
    }
}
