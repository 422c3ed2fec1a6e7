using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using XBot.Core.Scheduling;
using XBot.Core.Storage.Tweets;
using XBot.Tests.Infrastructure;
using XBot.Tests.Posting;
using XBot.Tests.Storage;

namespace XBot.Tests.Api;

[Collection(InfrastructureCollection.Name)]
public sealed class ApprovalTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task An_approved_pick_is_posted_by_the_next_cycle_and_a_rejected_one_never()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        await using var api = await ApiHost.StartAsync(scope);
        await worker.RelaxCapsAsync();
        await worker.Store.SetConfigAsync("feature_flags", JsonNode.Parse("""{"approval_required": true}"""), "test");
        var keep = await worker.EnqueueAsync("Idempotency keys turn a retry into a question instead of a second post.");
        var first = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(20));
        var drop = await worker.EnqueueAsync("Backpressure is a feature, not an outage.");
        var second = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        var waiting = JsonNode.Parse(await api.Client.GetStringAsync("/api/approvals"))!.AsArray();
        using var approve = await api.Client.PostAsync($"/api/approvals/{keep}/approve", Json("""{"actor":"erin"}"""));
        using var reject = await api.Client.PostAsync($"/api/approvals/{drop}/reject", Json("""{"reason":"off brand","actor":"erin"}"""));
        using var again = await api.Client.PostAsync($"/api/approvals/{drop}/approve", null);
        clock.Advance(TimeSpan.FromMinutes(20));
        var posted = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(20));
        var after = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal((CycleOutcome.AwaitingApproval, CycleOutcome.AwaitingApproval), (first.Outcome, second.Outcome));
        Assert.Equal([keep, drop], waiting.Select(w => (long)w!["id"]!));
        Assert.All(waiting, w => Assert.NotNull(w!["safetyVerdict"]));
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal((CycleOutcome.Shadowed, keep), (posted.Outcome, posted.TweetRow));
        Assert.NotEqual(drop, after.TweetRow);
        Assert.Equal(TweetStatus.Refused, (await worker.Lifecycle.GetAsync(drop, CancellationToken.None))!.Status);
        Assert.Equal("api:erin", await scope.ScalarAsync<string>($"SELECT approved_by FROM tweets WHERE id = {keep}"));
        Assert.Equal(1L, await scope.ScalarAsync<long>(
            $"SELECT count(*) FROM audit_log WHERE event_type = 'POST_TRANSITION' AND (event_data->>'id')::bigint = {drop} AND event_data->>'error' = 'rejected by api:erin: off brand'"));
    }

    [Theory]
    [InlineData("/api/approvals/1/reject", """{"actor":"x"}""", "reason")]
    [InlineData("/api/approvals/1/reject", """{"reason":""}""", "reason")]
    [InlineData("/api/approvals/1/approve", """{"actor":"x","extra":1}""", "extra")]
    public async Task Bad_input_is_a_400_naming_the_field(string route, string body, string field)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var response = await api.PostJsonAsync(route, body);

        await ApiHost.AssertBadRequestNamingAsync(response, field);
    }

    [Fact]
    public async Task The_cli_lists_approves_and_rejects()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        await worker.RelaxCapsAsync();
        await worker.Store.SetConfigAsync("feature_flags", JsonNode.Parse("""{"approval_required": true}"""), "test");
        var id = await worker.EnqueueAsync("Every queue is a promise about latency.");
        await worker.Cycle.RunOnceAsync(CancellationToken.None);

        var list = await CliRunner.RunAsync(scope.Settings(), "approvals", "list");
        var missingReason = await CliRunner.RunAsync(scope.Settings(), "approvals", "reject", $"{id}");
        var reject = await CliRunner.RunAsync(scope.Settings(), "approvals", "reject", $"{id}", "--reason", "too glib", "--actor", "fay");
        var approve = await CliRunner.RunAsync(scope.Settings(), "approvals", "approve", $"{id}");

        Assert.Contains($"#{id}", list.Stdout);
        Assert.Equal(2, missingReason.ExitCode);
        Assert.True(reject.ExitCode == 0, reject.ToString());
        Assert.Equal(1, approve.ExitCode);
        Assert.Equal(TweetStatus.Refused, (await worker.Lifecycle.GetAsync(id, CancellationToken.None))!.Status);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
