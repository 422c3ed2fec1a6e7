using XBot.AppHost.Hosting.Processes;
using XBot.AppHost.Hosting.Testing;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.AppHost;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_the_whole_stack_leaves_no_process_behind()
    {
        var app = DistributedApplicationTestingBuilder.CreateXBot().Build();
        await app.StartAsync();
        await app.WaitForAllHealthyAsync(Deadline.Minutes(4));
        var processes = app.GetProcessIds();
        var dataDirectory = app.DataDirectory;

        await app.DisposeAsync();

        // Redis, postgres with its own children, api, worker, web.
        Assert.True(processes.Count > 5, $"expected the stack's process tree, saw {processes.Count} processes");
        Assert.DoesNotContain(processes, ProcessTree.IsAlive);
        Assert.False(Directory.Exists(dataDirectory), "an isolated run deletes its data folder");
    }

    [Fact]
    public async Task A_child_that_ignores_the_stop_signal_is_killed_with_its_children()
    {
        var builder = DistributedApplicationTestingBuilder.Create(configure: o => o.StopTimeout = TimeSpan.FromSeconds(1));
        builder.AddExecutable("stubborn", "sh", "-c", "trap '' TERM INT; sleep 600 & while true; do sleep 1; done");
        var app = builder.Build();
        await app.StartAsync();
        await app.WaitForResourceHealthyAsync("stubborn", Deadline.Minutes(1));
        await Deadline.UntilAsync(() => app.GetProcessIds().Count >= 2, "the shell has started its children");
        var processes = app.GetProcessIds();

        await app.DisposeAsync();

        Assert.DoesNotContain(processes, ProcessTree.IsAlive);
        Assert.Contains(app.Output.GetLines("apphost"), line => line.Contains("stubborn did not stop within"));
    }
}
