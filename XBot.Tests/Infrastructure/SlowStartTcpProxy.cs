using System.Net;
using System.Net.Sockets;

namespace XBot.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy whose connections pass nothing for <paramref name="delay"/> after they open: a server that is
/// up but slow to answer a client's first handshake, as Redis can be at start-up.
/// </summary>
public sealed class SlowStartTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public SlowStartTcpProxy(string upstreamHost, int upstreamPort, TimeSpan delay)
    {
        _listener.Start();
        _accepting = AcceptAsync(upstreamHost, upstreamPort, delay);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync(string host, int port, TimeSpan delay)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = RelayAsync(client, host, port, delay);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RelayAsync(TcpClient client, string host, int port, TimeSpan delay)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await Task.Delay(delay, _stop.Token);
                await upstream.ConnectAsync(host, port, _stop.Token);
                var down = client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token);
                var up = upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                await Task.WhenAny(down, up);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
    }
}
