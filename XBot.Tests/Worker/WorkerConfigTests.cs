using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using XBot.Core.Config;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Worker;

/// <summary>The runbooks' emergency brake is plain SQL; a running worker must follow it within its poll interval.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class WorkerConfigTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task A_running_worker_sees_the_SQL_emergency_brake()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var worker = await WorkerHost.StartAsync(scope, new Dictionary<string, string?>
        {
            // The shipped defaults: pub/sub on, a local copy kept for a minute, the counter polled every 3 s.
            ["DualStore:ConfigPollInterval"] = "00:00:03",
        });
        var config = worker.Services.GetRequiredService<ConfigStore>();
        await config.SetAsync("post_fraction", System.Text.Json.Nodes.JsonValue.Create(0.8), "oncall");
        Assert.Equal(0.8, (await config.GetBotConfigAsync()).PostFraction);

        await using (var connection = new NpgsqlConnection(scope.Postgres))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("UPDATE bot_config SET value='0' WHERE key='post_fraction'", connection);
            await command.ExecuteNonQueryAsync();
        }

        var deadline = Deadline.Minutes(1);
        while ((await config.GetBotConfigAsync()).PostFraction != 0)
        {
            Assert.False(deadline.IsCancellationRequested, "the worker did not see post_fraction 0 set with SQL");
            await Task.Delay(100, CancellationToken.None);
        }
    }
}
