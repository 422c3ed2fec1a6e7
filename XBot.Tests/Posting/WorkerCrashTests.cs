using XBot.Core.Storage.Tweets;
using System.Diagnostics;
using System.Text.Json.Nodes;
using XBot.Tests.Infrastructure;
using XBot.Core.Posting.Lifecycle;
using XBot.Tests.Storage;
using XBot.XSimulator;
using XBot.XSimulator.Simulation;

namespace XBot.Tests.Posting;

/// <summary>The worker process killed after it sent the post to X and before it recorded the outcome.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class WorkerCrashTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_worker_killed_mid_post_is_reconciled_by_the_next_run_and_the_post_goes_out_once()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        await using var x = await XSimulatorHost.StartAsync();
        var settings = scope.Settings(new Dictionary<string, string?>(x.ClientSettings) { ["LIVE_POSTS"] = "true" });
        long id;
        await using (var setup = await PipelineHost.StartAsync(scope, TimeProvider.System))
        {
            await setup.RelaxCapsAsync();
            await setup.Store.SetConfigAsync("quiet_hours", new JsonArray((DateTimeOffset.UtcNow.Hour + 12) % 24), "test");
            id = await setup.EnqueueAsync("Make every migration additive and rollbacks become boring.");
        }

        // X receives the post and never answers; the worker is killed while it waits.
        x.State.Faults.Add(SimFault.Timeout, count: 1);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using (var worker = StartWorker(settings, output, "schedule", "test"))
        {
            bool Sent() => x.State.Requests.All().Any(r => r.Method == "POST");
            await Deadline.UntilAsync(() => Sent() || worker.HasExited, "the worker sent the post", minutes: 4);
            Assert.True(Sent(), $"the worker exited without sending the post:\n{string.Join('\n', output)}");
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync();
        }
        await using (var check = await PipelineHost.StartAsync(scope, TimeProvider.System))
        {
            Assert.Equal(TweetStatus.Posting, (await check.Lifecycle.GetAsync(id, CancellationToken.None))!.Status);
        }

        var restarted = await CliRunner.RunAsync(settings, "schedule", "test");

        Assert.True(restarted.ExitCode == 0, restarted.ToString());
        Assert.Contains("certainly not posted", restarted.Stdout);
        var post = Assert.Single(x.State.Posts.All());
        await using var after = await PipelineHost.StartAsync(scope, TimeProvider.System);
        var row = await after.Lifecycle.GetAsync(id, CancellationToken.None);
        Assert.Equal((TweetStatus.Posted, post.Id), (row!.Status, row.TweetId));
    }

    private static Process StartWorker(IDictionary<string, string?> settings, System.Collections.Concurrent.ConcurrentQueue<string> output, params string[] args)
    {
        var layout = RepositoryLayout.FromBuild();
        var info = layout.StartInfo("XBot.Worker", args);
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
