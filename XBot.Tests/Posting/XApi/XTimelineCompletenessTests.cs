using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using XBot.Core.Posting.XApi;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Posting.XApi;

/// <summary>
/// Reconciliation reads the account's timeline to decide whether an unknown post exists. Only a complete
/// page may say "absent"; every other shape the spec allows is a failed read, to be tried again.
/// </summary>
public sealed class XTimelineCompletenessTests
{
    private const string UserId = "1500000000000000001";
    private static readonly DateTimeOffset Attempt = XApiHarness.Start.AddMinutes(-5);

    private static async Task<XReadResult<XRecentPostSearch>> SearchAsync(string timelineJson)
    {
        await using var server = await LocalHttpServer.StartAsync(app =>
            app.MapGet("/2/users/{id}/tweets", () => Results.Text(timelineJson, "application/json")));
        await using var x = await XApiHarness.StartAsync(settings: s => s["X_API_BASE_URL"] = server.BaseAddress.ToString());
        return await x.Client.FindRecentPostAsync("the post we are looking for", UserId).Soon();
    }

    [Theory]
    [InlineData("errors only", """{"errors":[{"title":"Not Found Error","type":"https://api.twitter.com/2/problems/resource-not-found","detail":"Could not find user with id: [1].","resource_type":"user","parameter":"id","value":"1","resource_id":"1"}]}""")]
    [InlineData("data and errors", """{"data":[{"id":"1","text":"other","created_at":"2025-06-02T11:00:00.000Z"}],"errors":[{"title":"Partial","type":"about:blank"}],"meta":{"result_count":1}}""")]
    [InlineData("no meta", """{"data":[{"id":"1","text":"other","created_at":"2025-06-02T11:00:00.000Z"}]}""")]
    [InlineData("empty object", """{}""")]
    [InlineData("fewer posts than meta says", """{"data":[{"id":"1","text":"other","created_at":"2025-06-02T11:00:00.000Z"}],"meta":{"result_count":2}}""")]
    [InlineData("a post without an id", """{"data":[{"text":"other"}],"meta":{"result_count":1}}""")]
    [InlineData("not an object", """[]""")]
    public async Task An_incomplete_page_is_a_failed_read_never_proof_of_absence(string shape, string json)
    {
        var search = await SearchAsync(json);

        Assert.False(search.IsSuccess, $"{shape} was read as a complete timeline");
        Assert.Equal(XReadErrorKind.Transient, search.Error!.Kind);
    }

    [Fact]
    public async Task A_complete_empty_page_reaches_the_end()
    {
        var search = await SearchAsync("""{"meta":{"result_count":0}}""");

        Assert.True(search.IsSuccess, search.Error?.Detail);
        Assert.True(search.Value!.CoversSince(Attempt));
    }

    [Fact]
    public async Task A_page_with_more_behind_it_covers_only_back_to_its_oldest_post()
    {
        var search = await SearchAsync("""{"data":[{"id":"2","text":"newer","created_at":"2025-06-02T11:59:00.000Z"}],"meta":{"result_count":1,"next_token":"abc"}}""");

        Assert.True(search.IsSuccess, search.Error?.Detail);
        Assert.False(search.Value!.ReachedEnd);
        Assert.False(search.Value.CoversSince(Attempt));
        Assert.True(search.Value.CoversSince(XApiHarness.Start));
    }

    [Fact]
    public async Task Posts_without_a_creation_time_never_prove_the_page_reaches_back_far_enough()
    {
        var search = await SearchAsync("""{"data":[{"id":"2","text":"undated"}],"meta":{"result_count":1,"next_token":"abc"}}""");

        Assert.True(search.IsSuccess, search.Error?.Detail);
        Assert.Null(search.Value!.OldestScanned);
        Assert.False(search.Value.CoversSince(Attempt));
    }

    [Fact]
    public async Task The_stand_in_answers_an_unknown_account_errors_only_and_that_proves_nothing()
    {
        await using var x = await XApiHarness.StartAsync();

        var search = await x.Client.FindRecentPostAsync("anything", "12345").Soon();

        Assert.False(search.IsSuccess);
    }
}
