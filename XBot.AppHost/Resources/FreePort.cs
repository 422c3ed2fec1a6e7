using System.Net;
using System.Net.Sockets;

namespace XBot.AppHost.Resources;

/// <summary>
/// A free loopback port for a server the AppHost runs. The stores' endpoints are not proxied (the hot path
/// should not pay for a proxy hop), and DCP allocates no port for an unproxied endpoint, so we pick one.
/// </summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
