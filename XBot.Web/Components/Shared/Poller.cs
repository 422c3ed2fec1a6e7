namespace XBot.Web.Components.Shared;

/// <summary>
/// Runs <c>tick</c> every <c>interval</c> on a <see cref="PeriodicTimer"/> (driven by the given
/// <see cref="TimeProvider"/>, so tests can move time) until disposed; a component disposes it with itself.
/// </summary>
public sealed class Poller : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PeriodicTimer _timer;
    private readonly Task _loop;

    private Poller(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> tick)
    {
        _timer = new PeriodicTimer(interval, time);
        _loop = RunAsync(tick);
    }

    public static Poller Start(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> tick) => new(interval, time, tick);

    private async Task RunAsync(Func<CancellationToken, Task> tick)
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(_stop.Token))
            {
                await tick(_stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: the page is gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _timer.Dispose();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away mid-render; nothing is left to update.
        }
        _stop.Dispose();
    }
}
