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
}
