using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Npgsql;
using XBot.Tests.AppHost;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Web;

/// <summary>
/// The whole stack in simulator mode, with a loop fast enough for a browser test to see it: the worker cycles every
/// 5 s and posts live to the X stand-in, reads engagement 5 s after a post (the stand-in's clock runs an hour per
/// second, so the reading has impressions), and learns every 3 s. Ready once a post has been counted by the bandit.
/// </summary>
public sealed class InsightsStackFixture : IAsyncLifetime
{
    public XBotStack Stack { get; private set; } = default!;

    public long PostId { get; private set; }

    public async Task InitializeAsync()
    {
        Stack = await XBotStack.StartAsync(["--AppHost:X=simulator"], worker =>
        {
            worker
                .WithEnvironment("POST_FRACTION", "1")
                .WithEnvironment("Scheduler__CycleInterval", "00:00:05")
                .WithEnvironment("EngagementCollection__ReadAges__0", "00:00:05")
                .WithEnvironment("EngagementCollection__PollInterval", "00:00:02")
                .WithEnvironment("Learning__CycleInterval", "00:00:03");
            var x = worker.ApplicationBuilder.Resources.OfType<ProjectResource>().Single(r => r.Name == "x");
            worker.ApplicationBuilder.CreateResourceBuilder(x).WithEnvironment("XSimulator__GroundTruth__TimeScale", "3600");
        });
        await Stack.AllowPostingNowAsync(postFraction: 1.0);
        // The runbook's own command: candidates to pick from, with the worker's settings.
        var refresh = await Stack.App.ExecuteCommandAsync("worker", "refresh-candidates", Deadline.Minutes(2));
        Assert.True(refresh.Success, refresh.Message);

        await using var connection = new NpgsqlConnection(await Stack.ConnectionStringAsync("xbotdb"));
        await connection.OpenAsync();
        var deadline = Deadline.Minutes(3);
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT id FROM tweets WHERE status = 'posted' AND learning_processed_at IS NOT NULL ORDER BY id LIMIT 1", connection);
            if (await command.ExecuteScalarAsync(CancellationToken.None) is long id)
            {
                PostId = id;
                break;
            }
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail("Gave up waiting for a post the worker published to the X stand-in and the bandit counted: " + await StateAsync(connection));
            }
            await Task.Delay(250, CancellationToken.None);
        }
    }

    /// <summary>What the loop did get to, for the failure message.</summary>
    private static async Task<string> StateAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce(string_agg(status || ':' || n || ' reads ' || reads || ' rewarded ' || rewarded, ', '), 'no rows')
              || ' | decisions: ' || coalesce((SELECT string_agg(outcome || ' ' || coalesce(reason, ''), '; ') FROM (SELECT outcome, reason FROM schedule_decisions ORDER BY id DESC LIMIT 3) d), 'none')
              || ' | learning cycles: ' || (SELECT count(*) FROM audit_log WHERE event_type = 'LEARNING_CYCLE_COMPLETE')
              || ' | engagement: ' || coalesce((SELECT string_agg(engagement::text, ' ') FROM tweets WHERE status = 'posted'), '-')
            FROM (SELECT status, count(*) AS n, sum(metrics_reads) AS reads, count(reward_rate) AS rewarded FROM tweets GROUP BY status) s
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
    }
}
