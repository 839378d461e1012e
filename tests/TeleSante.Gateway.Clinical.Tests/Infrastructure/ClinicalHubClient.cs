using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using TeleSante.Testing;

namespace TeleSante.Gateway.Clinical.Tests.Infrastructure;

/// <summary>A page's connection to the clinical hub (/hubs/clinical) as the .NET SignalR client, over a real WebSocket with the JWT in
/// the access_token query as browsers send it. Keeps what the gateway pushed, in arrival order.</summary>
internal sealed class ClinicalHubClient : IAsyncDisposable
{
    private readonly HubConnection _connection;

    private ClinicalHubClient(HubConnection connection)
    {
        _connection = connection;
        _connection.On<JsonElement>("WorklistChanged", item => WorklistChanges.Enqueue(item));
        _connection.On<JsonElement>("RequestChanged", view => RequestChanges.Enqueue(view));
        _connection.Closed += _ =>
        {
            Closed.TrySetResult();
            return Task.CompletedTask;
        };
    }

    public ConcurrentQueue<JsonElement> WorklistChanges { get; } = new();

    public ConcurrentQueue<JsonElement> RequestChanges { get; } = new();

    public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<ClinicalHubClient> ConnectAsync(GatewayProcess gateway, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(gateway.Http.BaseAddress!, "/hubs/clinical?access_token=" + Uri.EscapeDataString(token)), o => o.Transports = HttpTransportType.WebSockets)
            .Build();
        var client = new ClinicalHubClient(connection);
        await connection.StartAsync();
        return client;
    }

    public Task<JsonElement> SubscribeWorklistAsync() => _connection.InvokeAsync<JsonElement>("SubscribeWorklist");

    public Task<JsonElement> SubscribeRequestAsync(string requestId) => _connection.InvokeAsync<JsonElement>("SubscribeRequest", requestId);

    /// <summary>Waits for a pushed worklist item of <paramref name="requestId"/> in <paramref name="state"/>.</summary>
    public Task<JsonElement> WorklistItemAsync(string requestId, string state) =>
        WaitAsync(WorklistChanges, e => e.GetProperty("id").GetString() == requestId && e.GetProperty("state").GetString() == state, $"WorklistChanged {requestId} {state}");

    /// <summary>Waits for a pushed request view of <paramref name="requestId"/> in <paramref name="state"/>.</summary>
    public Task<JsonElement> RequestViewAsync(string requestId, string state) =>
        WaitAsync(RequestChanges, e => e.GetProperty("request").GetProperty("id").GetString() == requestId && e.GetProperty("request").GetProperty("state").GetString() == state,
            $"RequestChanged {requestId} {state}");

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static async Task<JsonElement> WaitAsync(ConcurrentQueue<JsonElement> queue, Func<JsonElement, bool> match, string what)
    {
        JsonElement found = default;
        await Eventually.UntilAsync(() =>
        {
            foreach (var e in queue)
            {
                if (match(e))
                {
                    found = e;
                    return true;
                }
            }

            return false;
        }, TimeSpan.FromSeconds(20), what + " pushed by the hub");
        return found;
    }
}
