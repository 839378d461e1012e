using System.Net;
using System.Net.Sockets;

namespace TeleSante.Testing;

/// <summary>
/// Hands out loopback TCP ports that the operating system reports as free, so servers started by
/// tests never collide on fixed ports (STYLE.md: "no fixed ports").
/// </summary>
/// <remarks>
/// A port is free when it is handed out, not reserved: another process may take it before the
/// server binds it. The server fixtures therefore retry with fresh ports when the child reports
/// "address already in use". Ports are never handed out twice by this process, because Linux
/// happily reassigns a just-released ephemeral port to the next bind(0).
/// </remarks>
public static class FreePort
{
    private static readonly HashSet<int> HandedOut = [];
    private static readonly Lock Gate = new();

    /// <summary>Returns an OS-assigned free TCP port on 127.0.0.1.</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (Gate)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException("The OS kept assigning ports already handed out by FreePort.");
    }
}
