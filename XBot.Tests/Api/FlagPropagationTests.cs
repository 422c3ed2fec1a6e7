using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using XBot.Core.Config;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;
using XBot.Tests.Worker;

namespace XBot.Tests.Api;

/// <summary>runbooks.md §6: a flag flipped through the api is seen by a running worker within seconds, without a restart.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class FlagPropagationTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task A_flag_flipped_through_the_api_reaches_a_running_worker_within_5_seconds()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        // The shipped propagation settings (pub/sub, a 3 s poll of the change counter), not the tests' fast ones.
        var shipped = new Dictionary<string, string?> { ["DualStore:ConfigPollInterval"] = "00:00:03" };
        await using var worker = await WorkerHost.StartAsync(scope, shipped);
        await using var api = await ApiHost.StartAsync(scope, shipped);
        var config = worker.Services.GetRequiredService<ConfigStore>();
        Assert.True((await config.GetBotConfigAsync()).FeatureFlags["posting"].Enabled);

        using var response = await api.Client.PutAsync("/api/flags/posting", new StringContent("""{"value":false}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var fiveSeconds = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while ((await config.GetBotConfigAsync(CancellationToken.None)).FeatureFlags["posting"].Enabled)
        {
            Assert.False(fiveSeconds.IsCancellationRequested, "the running worker still saw posting on 5 s after the flip");
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
