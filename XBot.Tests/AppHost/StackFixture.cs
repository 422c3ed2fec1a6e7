using Aspire.Hosting;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.AppHost;

/// <summary>The whole stack, started once for a test class; the worker cycles every 5 s and really picks (shadow mode).</summary>
public sealed class StackFixture : IAsyncLifetime
{
    public XBotStack Stack { get; private set; } = default!;

    public async Task InitializeAsync() => Stack = await XBotStack.StartAsync(worker: worker => worker
        .WithEnvironment("POST_FRACTION", "1")
        .WithEnvironment("Scheduler__CycleInterval", "00:00:05"));

    public async Task DisposeAsync() => await Stack.DisposeAsync();
}
