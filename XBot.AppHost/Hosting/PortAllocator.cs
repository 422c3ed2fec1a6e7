using System.Net;
using System.Net.Sockets;

namespace XBot.AppHost.Hosting;

internal static class PortAllocator
{
    /// <summary>A port the OS calls free right now. Another process could still take it before use; the window is small.</summary>
    public static int GetFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsFree(int port)
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
