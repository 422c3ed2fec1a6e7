using System.Net;
using System.Net.Sockets;

namespace XBot.Tests.Infrastructure;

public static class PortFinder
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A loopback port held by a listener until it is disposed: an address another program already uses.</summary>
    public static TcpListener Held(out int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return listener;
    }
}
