using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using TeleSante.Testing;
using TeleSante.Gateway.LiveView;

namespace TeleSante.LiveView.Tests.Infrastructure;

/// <summary>A practitioner's viewer (.NET SignalR client, real WebSocket) joined to a session, collecting the vitals
/// alerts the gateway pushes, each with the <see cref="Stopwatch"/> timestamp of its arrival.</summary>
internal sealed class AlertViewer : IAsyncDisposable
{
    private readonly HubConnection _connection;

    private AlertViewer(HubConnection connection)
    {
        _connection = connection;
        _connection.On<VitalAlert>(nameof(ILiveViewClient.Alert), a => Alerts.Enqueue((a, Stopwatch.GetTimestamp())));
    }

    public ConcurrentQueue<(VitalAlert Alert, long ReceivedTimestamp)> Alerts { get; } = new();

    public static async Task<AlertViewer> JoinAsync(LiveGateway gateway, string user, string sessionId, bool messagePack)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(gateway.HttpBase, LiveViewRegistration.HubPath), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.AccessTokenProvider = () => Task.FromResult<string?>(user);
        });
        if (messagePack)
        {
            builder.AddMessagePackProtocol();
        }

        var viewer = new AlertViewer(builder.Build());
        await viewer._connection.StartAsync();
        await viewer._connection.InvokeAsync<JoinResult>("Join", sessionId);
        return viewer;
    }

    /// <summary>Waits until <paramref name="count"/> alert messages have arrived; returns the last one.</summary>
    public async Task<(VitalAlert Alert, long ReceivedTimestamp)> WaitForAsync(int count, TimeSpan timeout, string what)
    {
        await Eventually.UntilAsync(() => Alerts.Count >= count, timeout, what);
        return Alerts.ElementAt(count - 1);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
