using XBot.AppHost.Hosting;
using XBot.AppHost.Hosting.Testing;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.AppHost;

/// <summary>The whole stack, started once through the AppHost's testing entry point for a test class.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        App = DistributedApplicationTestingBuilder.CreateXBot().Build();
        await App.StartAsync();
        try
        {
            await App.WaitForAllHealthyAsync(Deadline.Minutes(4));
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"The stack did not become healthy: {ex.Message}{Environment.NewLine}{App.Output.Tail()}", ex);
        }
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
