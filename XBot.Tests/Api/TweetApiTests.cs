using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using XBot.Core.Scheduling;
using XBot.Core.Storage.Tweets;
using XBot.Tests.Infrastructure;
using XBot.Tests.Posting;
using XBot.Tests.Storage;

namespace XBot.Tests.Api;

[Collection(InfrastructureCollection.Name)]
public sealed class TweetApiTests(InfrastructureFixture fixture)
{
    private static readonly string[] Words =
    [
        "cache", "queue", "latency", "replica", "schema", "index", "vacuum", "deploy", "rollback", "canary", "metric", "trace",
        "budget", "backlog", "sprint", "review", "pairing", "refactor", "module", "boundary", "contract", "adapter", "socket",
        "thread", "buffer", "channel", "kernel", "driver", "compiler", "linker", "parser", "lexer", "token", "grammar", "syntax",
        "lambda", "closure", "monad", "functor", "tensor", "vector", "matrix", "gradient", "epoch", "batch", "shard", "tenant",
        "cluster", "node", "pod", "mesh", "proxy", "gateway", "router", "switch", "packet", "frame", "header", "payload", "cookie",
        "session", "ticket", "lease", "quorum", "leader", "follower", "snapshot", "journal", "ledger", "audit", "policy", "secretless",
        "garden", "river", "mountain", "lantern", "harbor", "meadow", "orchard", "compass", "anchor", "beacon", "cobalt", "amber",
        "violet", "copper", "granite", "marble", "velvet", "thunder", "breeze", "ember", "glacier", "prairie", "canyon", "summit",
    ];

    [Fact]
    public async Task A_text_is_queued_once_per_request_id_and_a_repeat_is_refused()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var first = await api.PostJsonAsync("/api/tweet", """{"text":"Small batches make every deploy boring, which is the point.","requestId":"r-1","actor":"gil"}""");
        using var retry = await api.PostJsonAsync("/api/tweet", """{"text":"Small batches make every deploy boring, which is the point.","requestId":"r-1"}""");
        using var repeat = await api.PostJsonAsync("/api/tweet", """{"text":"Small batches make every deploy boring, which is the point!"}""");
        var firstBody = JsonNode.Parse(await first.Content.ReadAsStringAsync())!;
        var retryBody = JsonNode.Parse(await retry.Content.ReadAsStringAsync())!;
        var repeatBody = JsonNode.Parse(await repeat.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((long)firstBody["id"]!, (long)retryBody["id"]!);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, repeat.StatusCode);
        Assert.Equal("Duplicate", (string?)repeatBody["title"]);
        Assert.Equal("queued|manual|api:gil", await scope.ScalarAsync<string>("SELECT concat_ws('|', status, source, submitted_by) FROM tweets"));
    }

    [Fact]
    public async Task A_text_the_rules_refuse_is_not_queued_and_says_why()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var response = await api.PostJsonAsync("/api/tweet", $$"""{"text":"{{string.Join(' ', Enumerable.Repeat("overlong", 60))}}"}""");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("weighted length", (string?)body["detail"]);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets"));
    }

    [Fact]
    public async Task Test_tweet_returns_every_verdict_and_changes_nothing()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var response = await api.PostJsonAsync("/api/test-tweet", """{"text":"Observability is asking new questions without shipping new code. #sre"}""");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Queued", (string?)body["outcome"]);
        Assert.NotNull(body["safety"]!["risk"]);
        Assert.Equal("Unique", (string?)body["dedup"]!["verdict"]);
        Assert.True((int)body["weightedLength"]! > 0);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets"));
    }

    [Theory]
    [InlineData("/api/tweet", """{"requestId":"x"}""", "text")]
    [InlineData("/api/tweet", """{"text":"hello there friends","when":"now"}""", "when")]
    [InlineData("/api/tweet", """{"text":"hello there friends","requestId":""}""", "requestId")]
    [InlineData("/api/tweet", """{"text":null}""", "text")]
    [InlineData("/api/test-tweet", """{"text":"a","requestId":"x"}""", "requestId")]
    [InlineData("/api/test-tweet", """not json""", "body")]
    public async Task Bad_input_is_a_400_naming_the_field_and_queues_nothing(string route, string body, string field)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var response = await api.PostJsonAsync(route, body);

        await ApiHost.AssertBadRequestNamingAsync(response, field);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets"));
    }

    [Fact]
    public async Task A_hundred_concurrent_submissions_with_retries_are_queued_once_each_and_posted_once_each()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        await worker.RelaxCapsAsync();
        await using var api = await ApiHost.StartAsync(scope, time: clock);
        var random = new Random(11);
        var texts = Enumerable.Range(0, 100)
            .Select(i => string.Join(' ', Enumerable.Range(0, 12).Select(_ => Words[random.Next(Words.Length)])) + $" ({i})")
            .ToList();

        // Each submission is sent twice at once, as a client retrying a slow call would.
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async n =>
        {
            using var response = await api.Client.PostAsJsonAsync("/api/tweet", new { text = texts[n % 100], requestId = $"load-{n % 100}" });
            return (n % 100, response.StatusCode, (long?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]);
        }));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"#{r.Item1}: {r.StatusCode}"));
        Assert.Equal(100, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.GroupBy(r => r.Item1), g => Assert.Single(g.Select(r => r.Item3).Distinct()));
        Assert.Equal(100L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets WHERE status = 'queued' AND source = 'manual'"));

        var outcomes = new List<CycleDecision>();
        // Quiet hours skip some cycles; the loop ends once nothing is left to post.
        for (var cycle = 0; cycle < 200 && await worker.Lifecycle.CountAsync(TweetStatus.Queued, CancellationToken.None) > 0; cycle++)
        {
            outcomes.Add(await worker.Cycle.RunOnceAsync(CancellationToken.None));
            clock.Advance(TimeSpan.FromMinutes(16));
        }

        Assert.True(100 == outcomes.Count(o => o.Outcome == CycleOutcome.Shadowed),
            string.Join("\n", outcomes.Where(o => o.Outcome != CycleOutcome.Shadowed).Select(o => $"{o.Outcome}: {o.Reason} {string.Join(",", o.Refusals ?? [])}").Distinct()));
        Assert.Equal(100, outcomes.Where(o => o.Outcome == CycleOutcome.Shadowed).Select(o => o.TweetRow).Distinct().Count());
        Assert.Equal(100, await worker.Lifecycle.CountAsync(TweetStatus.Shadowed, CancellationToken.None));
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets WHERE status <> 'shadowed'"));
    }

}
