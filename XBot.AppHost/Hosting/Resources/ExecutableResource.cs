using XBot.AppHost.Hosting.Processes;

namespace XBot.AppHost.Hosting.Resources;

/// <summary>Any command; healthy while it runs, unless a probe says otherwise.</summary>
public sealed class ExecutableResource(string name, string command, IReadOnlyList<string> arguments, DistributedApplicationBuilder builder)
    : ProcessResource(name, builder)
{
    private Func<CancellationToken, Task<bool>>? _probe;
    private int _stopSignal = Signals.SIGTERM;

    public override string Kind => "executable";

    public ExecutableResource WithHealthProbe(Func<CancellationToken, Task<bool>> probe)
    {
        _probe = probe;
        return this;
    }

    public ExecutableResource WithStopSignal(int signal)
    {
        _stopSignal = signal;
        return this;
    }

    internal override ProcessSpec CreateProcessSpec() =>
        new(command, [.. arguments, .. Arguments], Builder.Layout.Root, BuildEnvironment(), _stopSignal);

    internal override Task<bool> ProbeAsync(CancellationToken cancellationToken) =>
        _probe?.Invoke(cancellationToken) ?? Task.FromResult(Process is { HasExited: false });
}
