using System.Text;
using Microsoft.Extensions.DependencyInjection;
using XBot.Core.Posting.XApi;
using XBot.Tests.Posting.XApi;
using XBot.XSimulator.Simulation;

namespace XBot.Tests.XSimulator.Contract;

/// <summary>
/// Each operation XBot uses, made by the real client against the X stand-in and checked both ways
/// against the schemas of X's OpenAPI document: the client's request (path, query, body and framing)
/// and the stand-in's answer, for success and for the errors the stand-in plays.
/// </summary>
public sealed class XApiContractTests
{
    private static async Task<(XApiHarness X, CapturingHandler Wire)> StartAsync()
    {
        var wire = new CapturingHandler();
        var x = await XApiHarness.StartAsync(XApiHarness.Roomy(), services: s => s.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => wire)));
        return (x, wire);
    }

    private static void AssertConforms(CapturedExchange exchange)
    {
        var problems = XApiContract.Spec.CheckRequest(exchange).Select(p => "request " + p)
            .Concat(XApiContract.Spec.CheckResponse(exchange).Select(p => "response " + p)).ToList();
        Assert.True(problems.Count == 0,
            $"{exchange.Method} {exchange.Uri.PathAndQuery} against X API {XApiContract.Spec.Version}:\n{string.Join("\n", problems)}\n{Encoding.UTF8.GetString(exchange.ResponseBody)}");
    }

    [Fact]
    public void The_schemas_name_their_source_and_spec_version()
    {
        Assert.Equal("2.166", XApiContract.Spec.Version);
        Assert.Equal("https://github.com/xdevplatform/docs", XApiContract.Spec.Source["repository"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{40}$", XApiContract.Spec.Source["commit"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_tweets_request_and_answers_conform()
    {
        var (x, wire) = await StartAsync();
        await using var _ = x;

        Assert.IsType<PostResult.Posted>(await x.Client.PostTweetAsync("Contracts are tests you don't have to write twice & <both> sides agree.").Soon());
        Assert.IsType<PostResult.Duplicate>(await x.Client.PostTweetAsync("Contracts are tests you don't have to write twice & <both> sides agree.").Soon());
        x.Sim.State.Faults.Add(SimFault.PaymentRequired, XEndpoints.CreateTweet, count: 1);
        Assert.IsType<PostResult.PaymentRequired>(await x.Client.PostTweetAsync("A 402 is an answer too.").Soon());
        x.Sim.State.Faults.Add(SimFault.UsageCapped, XEndpoints.CreateTweet, count: 1);
        Assert.IsType<PostResult.RateLimited>(await x.Client.PostTweetAsync("So is a usage cap.").Soon());

        Assert.Equal(4, wire.Exchanges.Count);
        Assert.All(wire.Exchanges, AssertConforms);
    }

    [Fact]
    public async Task Get_tweets_by_ids_request_and_answer_conform()
    {
        var (x, wire) = await StartAsync();
        await using var _ = x;
        var id = Assert.IsType<PostResult.Posted>(await x.Client.PostTweetAsync("Look me up.").Soon()).TweetId;

        var lookup = await x.Client.GetTweetsAsync([id, "1"]).Soon();

        Assert.Equal((1, 1), (lookup.Tweets.Count, lookup.NotFoundIds.Count));
        Assert.All(wire.Exchanges, AssertConforms);
    }

    [Fact]
    public async Task Get_users_me_request_and_answer_conform()
    {
        var (x, wire) = await StartAsync();
        await using var _ = x;

        Assert.True((await x.Client.GetMeAsync().Soon()).IsSuccess);

        AssertConforms(Assert.Single(wire.Exchanges));
    }

    [Fact]
    public async Task Get_users_tweets_request_and_answers_conform_empty_full_and_errors_only()
    {
        var (x, wire) = await StartAsync();
        await using var _ = x;
        var me = (await x.Client.GetMeAsync().Soon()).Value!.Id;

        var empty = await x.Client.GetRecentTweetsAsync(me).Soon();
        await x.Client.PostTweetAsync("Now there is one.").Soon();
        var one = await x.Client.GetRecentTweetsAsync(me).Soon();
        var stranger = await x.Client.GetRecentTweetsAsync("12345").Soon();

        Assert.Equal((true, true, false), (empty.IsSuccess, one.IsSuccess, stranger.IsSuccess));
        Assert.All(wire.Exchanges, AssertConforms);
    }

    [Fact]
    public void The_contract_catches_what_X_refuses()
    {
        var uri = new Uri("https://api.x.com/2/tweets");
        var extraField = new CapturedExchange("POST", uri, "application/json", 27, Encoding.UTF8.GetBytes("""{"text":"hi","mood":"calm"}"""), 201, "application/json", Encoding.UTF8.GetBytes("""{"data":{"id":"1","text":"hi"}}"""));
        var chunked = extraField with { RequestContentLength = null, RequestBody = Encoding.UTF8.GetBytes("""{"text":"hi"}""") };
        var badField = new CapturedExchange("GET", new Uri("https://api.x.com/2/tweets?ids=1&tweet.fields=public_metrics,likes"), null, null, null, 200, "application/json", Encoding.UTF8.GetBytes("""{"data":[{"id":"1","text":"t"}]}"""));
        var badAnswer = new CapturedExchange("GET", new Uri("https://api.x.com/2/users/me"), null, null, null, 200, "application/json", Encoding.UTF8.GetBytes("""{"data":{"id":"abc"}}"""));
        var problemAsPlainJson = new CapturedExchange("GET", new Uri("https://api.x.com/2/users/me"), null, null, null, 403, "application/json", Encoding.UTF8.GetBytes("""{"title":"Forbidden","type":"about:blank"}"""));

        Assert.Contains(XApiContract.Spec.CheckRequest(extraField), p => p.Contains("body"));
        Assert.Contains(XApiContract.Spec.CheckRequest(chunked), p => p.Contains("Content-Length"));
        Assert.Contains(XApiContract.Spec.CheckRequest(badField), p => p.Contains("tweet.fields"));
        Assert.NotEmpty(XApiContract.Spec.CheckResponse(badAnswer));
        Assert.NotEmpty(XApiContract.Spec.CheckResponse(problemAsPlainJson));
    }
}
