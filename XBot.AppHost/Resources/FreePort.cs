using System.Net;
using System.Net.Sockets;

namespace XBot.AppHost.Resources;

/// <summary>
/// A free loopback port for a server the AppHost runs. The stores' endpoints are not proxied (the hot path
/// should not pay for a proxy hop), and DCP allocates no port for an unproxied endpoint, so we pick one.
/// </summary>
/// <remarks>
/// The port is free when picked, and the server binds it a moment later. A port the kernel hands out (port 0) comes
/// from the ephemeral range, which every outgoing connection draws from too, so on a busy machine one of them could
/// take it in between and the server would fail to start. Ports are therefore drawn at random below every system's
/// ephemeral range (Linux from 32768, macOS and Windows from 49152).
/// </remarks>
internal static class FreePort
{
    private const int Lowest = 20_000;
    private const int Highest = 32_767;

    public static int Next()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(Lowest, Highest + 1);
            if (IsFree(port))
            {
                return port;
            }
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
