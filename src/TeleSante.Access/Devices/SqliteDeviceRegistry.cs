using System.Security.Cryptography;
using System.Text;
using TeleSante.Durability;

namespace TeleSante.Access.Devices;

/// <summary>
/// Device registry in SQLite. Tokens are 256 random bits, so a plain SHA-256 of them is a sound
/// verifier (no password-stretching needed); comparison is constant-time. Connections authenticate
/// once, at connect (MQTT) or per stream (gRPC), so the lookup is not on the per-batch path.
/// </summary>
public sealed class SqliteDeviceRegistry(string databasePath, TimeProvider time) : IDeviceRegistry, IDisposable
{
    private readonly SqliteDatabase _database = new(databasePath, """
        CREATE TABLE IF NOT EXISTS device (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, site TEXT NOT NULL, token_sha256 BLOB NOT NULL,
            state TEXT NOT NULL, registered_utc_ticks INTEGER NOT NULL);
        """);

    public event Action<string>? Revoked;

    public async Task<DeviceCredential> RegisterAsync(string id, string kind, string site, CancellationToken cancellationToken)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var inserted = await _database.RunAsync(async command =>
        {
            command.CommandText = "INSERT OR IGNORE INTO device (id, kind, site, token_sha256, state, registered_utc_ticks) VALUES ($id, $kind, $site, $hash, 'Active', $at)";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$kind", kind);
            command.Parameters.AddWithValue("$site", site);
            command.Parameters.AddWithValue("$hash", Hash(token));
            command.Parameters.AddWithValue("$at", time.GetUtcNow().UtcTicks);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return inserted == 1 ? new DeviceCredential(id, token) : throw new InvalidOperationException($"device '{id}' is already registered");
    }

    public async Task<DeviceRecord?> AuthenticateAsync(string id, string token, CancellationToken cancellationToken)
    {
        var found = await _database.RunAsync(async command =>
        {
            command.CommandText = "SELECT kind, site, state, registered_utc_ticks, token_sha256 FROM device WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return ((DeviceRecord?)null, (byte[]?)null);
            }

            var record = new DeviceRecord(id, reader.GetString(0), reader.GetString(1), Enum.Parse<DeviceState>(reader.GetString(2)), new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero));
            return (record, (byte[])reader.GetValue(4));
        }, cancellationToken).ConfigureAwait(false);

        var (device, hash) = found;
        return device is { State: DeviceState.Active } && CryptographicOperations.FixedTimeEquals(hash, Hash(token)) ? device : null;
    }

    public async Task<DeviceRecord?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await ListWhereAsync("WHERE id = $id", id, cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    public Task<IReadOnlyList<DeviceRecord>> ListAsync(CancellationToken cancellationToken) => ListWhereAsync(string.Empty, null, cancellationToken);

    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        var changed = await _database.RunAsync(async command =>
        {
            command.CommandText = "UPDATE device SET state = 'Revoked' WHERE id = $id AND state = 'Active'";
            command.Parameters.AddWithValue("$id", id);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        if (changed == 1)
        {
            Revoked?.Invoke(id);
        }

        return changed == 1;
    }

    public void Dispose() => _database.Dispose();

    private async Task<IReadOnlyList<DeviceRecord>> ListWhereAsync(string where, string? id, CancellationToken cancellationToken) =>
        await _database.RunAsync(async command =>
        {
            command.CommandText = $"SELECT id, kind, site, state, registered_utc_ticks FROM device {where} ORDER BY id";
            if (id is not null)
            {
                command.Parameters.AddWithValue("$id", id);
            }

            var result = new List<DeviceRecord>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(new DeviceRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), Enum.Parse<DeviceState>(reader.GetString(3)), new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero)));
            }

            return (IReadOnlyList<DeviceRecord>)result;
        }, cancellationToken).ConfigureAwait(false);

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
