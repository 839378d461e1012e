using System.Net;
using System.Net.Sockets;

namespace TeleSante.Storage.Influx.Tests;

/// <summary>A loopback address nothing listens on (a port the OS just handed out and took back).</summary>
internal static class Unreachable
{
    public static Uri Url()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
