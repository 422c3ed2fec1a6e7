using Spectre.Console;
using XBot.AppHost.Hosting.Resources;

namespace XBot.AppHost.Hosting;

/// <summary>
/// The live status view: a table of every resource's state, health, URL and restarts, printed
/// whenever something changes (coalesced, so a burst of changes prints once).
/// A redrawn region would fight with the streamed output, so the table is reprinted instead.
/// </summary>
internal sealed class StatusBoard : IAsyncDisposable
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(750);

    private readonly IReadOnlyList<Resource> _resources;
    private readonly ResourceOutput _output;
    private readonly SemaphoreSlim _changed = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private string? _lastPrinted;

    public StatusBoard(IReadOnlyList<Resource> resources, ResourceOutput output)
    {
        _resources = resources;
        _output = output;
        foreach (var resource in resources)
        {
            resource.Changed += _ => _changed.Release();
        }
    }

    public void Start() => _loop = Task.Run(LoopAsync);

    private async Task LoopAsync()
    {
        try
        {
            while (true)
            {
                await _changed.WaitAsync(_stop.Token);
                await Task.Delay(Coalesce, _stop.Token);
                while (_changed.CurrentCount > 0)
                {
                    await _changed.WaitAsync(_stop.Token);
                }
                Print();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Print()
    {
        var snapshots = _resources.Select(r => r.Snapshot()).ToList();
        var fingerprint = string.Join(";", snapshots.Select(s => $"{s.State}/{s.Health}/{s.RestartCount}"));
        if (fingerprint == _lastPrinted)
        {
            return;
        }
        _lastPrinted = fingerprint;

        var table = new Table().Border(TableBorder.Rounded).Title("[bold]XBot resources[/]");
        table.AddColumns("resource", "kind", "state", "health", "url", "restarts", "pid");
        foreach (var s in snapshots)
        {
            var health = s.Health switch
            {
                HealthStatus.Healthy => "[green]Healthy[/]",
                HealthStatus.Unhealthy => "[red]Unhealthy[/]",
                _ => "[grey]Unknown[/]",
            };
            table.AddRow(
                Markup.Escape(s.Name),
                Markup.Escape(s.Kind),
                Markup.Escape(s.State.ToString()),
                health,
                Markup.Escape(s.Url ?? ""),
                s.RestartCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                s.ProcessId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }
        _output.Render(table);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }
        Print();
        _stop.Dispose();
        _changed.Dispose();
    }
}
