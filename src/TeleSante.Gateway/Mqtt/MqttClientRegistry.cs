namespace TeleSante.Gateway.Mqtt;

/// <summary>
/// Which device holds each MQTT client id of the embedded broker, and how many connections each device has open.
/// A client id is bound to the device that made its session, from the connection that made it until the session is
/// deleted (clean session, expiry, or revocation): MQTTnet resumes a kept session with the session's old items, so
/// another device resuming it would publish as the first one, and even a clean start would discard the first one's
/// queued notices. One lock, every operation O(1) except <see cref="ConnectedClientsOf"/> (revocation only).
/// </summary>
internal sealed class MqttClientRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _connectionsPerDevice = new(StringComparer.Ordinal);

    /// <summary>Client ids bound to a device (connected or holding a kept session).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>Binds <paramref name="clientId"/> to <paramref name="deviceId"/> for a new connection, unless the client id
    /// belongs to another device or the device already has <paramref name="maxConnections"/> other connections open.
    /// A connection under a client id the device already has open replaces it (session takeover) and is not an extra one.</summary>
    public MqttClaim Claim(string clientId, string deviceId, int maxConnections)
    {
        lock (_gate)
        {
            if (_clients.TryGetValue(clientId, out var entry))
            {
                if (!string.Equals(entry.DeviceId, deviceId, StringComparison.Ordinal))
                {
                    return MqttClaim.OtherDevice;
                }

                if (entry.Connected)
                {
                    entry.HasSession = true;
                    return MqttClaim.Granted; // takeover: the old connection closes without a disconnect of ours
                }
            }

            if (_connectionsPerDevice.GetValueOrDefault(deviceId) >= maxConnections)
            {
                return MqttClaim.Quota;
            }

            _clients[clientId] = new Entry(deviceId) { Connected = true, HasSession = true };
            _connectionsPerDevice[deviceId] = _connectionsPerDevice.GetValueOrDefault(deviceId) + 1;
            return MqttClaim.Granted;
        }
    }

    /// <summary>The client id's connection closed (not taken over); its binding stays while its session is kept.</summary>
    public void Disconnected(string clientId)
    {
        lock (_gate)
        {
            if (_clients.TryGetValue(clientId, out var entry) && entry.Connected)
            {
                entry.Connected = false;
                Decrement(entry.DeviceId);
                if (!entry.HasSession)
                {
                    _clients.Remove(clientId);
                }
            }
        }
    }

    /// <summary>The client id's session was deleted (clean session on disconnect, expiry, revocation).</summary>
    public void SessionDeleted(string clientId)
    {
        lock (_gate)
        {
            if (_clients.TryGetValue(clientId, out var entry))
            {
                entry.HasSession = false;
                if (!entry.Connected)
                {
                    _clients.Remove(clientId);
                }
            }
        }
    }

    /// <summary>The client ids <paramref name="deviceId"/> has connected now.</summary>
    public IReadOnlyList<string> ConnectedClientsOf(string deviceId)
    {
        lock (_gate)
        {
            return [.. _clients.Where(c => c.Value.Connected && string.Equals(c.Value.DeviceId, deviceId, StringComparison.Ordinal)).Select(c => c.Key)];
        }
    }

    private void Decrement(string deviceId)
    {
        var left = _connectionsPerDevice.GetValueOrDefault(deviceId) - 1;
        if (left > 0)
        {
            _connectionsPerDevice[deviceId] = left;
        }
        else
        {
            _connectionsPerDevice.Remove(deviceId);
        }
    }

    private sealed class Entry(string deviceId)
    {
        public string DeviceId { get; } = deviceId;

        public bool Connected { get; set; }

        public bool HasSession { get; set; }
    }
}
