using Microsoft.Data.Sqlite;
using TeleSante.Durability;

namespace TeleSante.Imaging.Internal;

/// <summary>
/// The images' catalogue in SQLite (synchronous=FULL: a row is on disk when the insert returns, so a
/// device is only answered once its photograph can be found again).
/// </summary>
internal sealed class ImageCatalog : IDisposable
{
    private const string Columns = "id, device_id, site_id, session_id, capture_id, laterality, field, captured_utc_ticks, declared_content_type, sha256, size_bytes, format, width, height, received_utc_ticks";
    private readonly SqliteDatabase _database;

    public ImageCatalog(string path)
    {
        _database = new SqliteDatabase(path, """
            CREATE TABLE IF NOT EXISTS image (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                device_id TEXT NOT NULL,
                site_id TEXT NOT NULL,
                session_id TEXT NOT NULL,
                capture_id TEXT NOT NULL,
                laterality TEXT NOT NULL,
                field TEXT NOT NULL,
                captured_utc_ticks INTEGER NOT NULL,
                declared_content_type TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                size_bytes INTEGER NOT NULL,
                format TEXT NOT NULL,
                width INTEGER NOT NULL,
                height INTEGER NOT NULL,
                received_utc_ticks INTEGER NOT NULL,
                UNIQUE (device_id, capture_id));
            CREATE INDEX IF NOT EXISTS image_session ON image(session_id, captured_utc_ticks);
            """);
    }

    /// <summary>Inserts the row; returns the row already there when the capture is known (then nothing is written).</summary>
    public Task<(StoredImage Image, bool Inserted)> InsertOrGetAsync(ImageUpload upload, string sha256, long size, ImageInfo info, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        _database.RunAsync(async command =>
        {
            command.CommandText = """
                INSERT INTO image (device_id, site_id, session_id, capture_id, laterality, field, captured_utc_ticks, declared_content_type, sha256, size_bytes, format, width, height, received_utc_ticks)
                VALUES ($device, $site, $session, $capture, $laterality, $field, $captured, $type, $sha, $size, $format, $width, $height, $received)
                ON CONFLICT (device_id, capture_id) DO NOTHING
                RETURNING id;
                """;
            command.Parameters.AddWithValue("$device", upload.DeviceId);
            command.Parameters.AddWithValue("$site", upload.SiteId);
            command.Parameters.AddWithValue("$session", upload.SessionId);
            command.Parameters.AddWithValue("$capture", upload.CaptureId);
            command.Parameters.AddWithValue("$laterality", upload.Laterality.ToString());
            command.Parameters.AddWithValue("$field", upload.Field.ToString());
            command.Parameters.AddWithValue("$captured", upload.CapturedAt.UtcTicks);
            command.Parameters.AddWithValue("$type", upload.DeclaredContentType);
            command.Parameters.AddWithValue("$sha", sha256);
            command.Parameters.AddWithValue("$size", size);
            command.Parameters.AddWithValue("$format", info.Format.ToString());
            command.Parameters.AddWithValue("$width", info.Width);
            command.Parameters.AddWithValue("$height", info.Height);
            command.Parameters.AddWithValue("$received", receivedAt.UtcTicks);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long id)
            {
                return (new StoredImage(id, upload with { CapturedAt = upload.CapturedAt.ToUniversalTime() }, sha256, size, info, receivedAt.ToUniversalTime()), true);
            }

            command.Parameters.Clear();
            command.CommandText = $"SELECT {Columns} FROM image WHERE device_id = $device AND capture_id = $capture";
            command.Parameters.AddWithValue("$device", upload.DeviceId);
            command.Parameters.AddWithValue("$capture", upload.CaptureId);
            return ((await ReadAllAsync(command, cancellationToken).ConfigureAwait(false))[0], false);
        }, cancellationToken);

    /// <summary>The row of a device's capture, or null.</summary>
    public Task<StoredImage?> FindAsync(string deviceId, string captureId, CancellationToken cancellationToken) =>
        _database.RunAsync(async command =>
        {
            command.CommandText = $"SELECT {Columns} FROM image WHERE device_id = $device AND capture_id = $capture";
            command.Parameters.AddWithValue("$device", deviceId);
            command.Parameters.AddWithValue("$capture", captureId);
            return (await ReadAllAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        }, cancellationToken);

    /// <summary>Whether any row names this blob.</summary>
    public Task<bool> ReferencesAsync(string sha256, CancellationToken cancellationToken) =>
        _database.RunAsync(async command =>
        {
            command.CommandText = "SELECT EXISTS (SELECT 1 FROM image WHERE sha256 = $sha)";
            command.Parameters.AddWithValue("$sha", sha256);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is 1L;
        }, cancellationToken);

    /// <summary>Every blob some row names (at start-up, to find blobs no row names).</summary>
    public HashSet<string> ReferencedBlobs() =>
        _database.Run(command =>
        {
            command.CommandText = "SELECT DISTINCT sha256 FROM image";
            using var reader = command.ExecuteReader();
            var hashes = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read())
            {
                hashes.Add(reader.GetString(0));
            }

            return hashes;
        });

    public Task<IReadOnlyList<StoredImage>> BySessionAsync(string sessionId, CancellationToken cancellationToken) =>
        _database.RunAsync(command =>
        {
            command.CommandText = $"SELECT {Columns} FROM image WHERE session_id = $session ORDER BY captured_utc_ticks, id";
            command.Parameters.AddWithValue("$session", sessionId);
            return ReadAllAsync(command, cancellationToken);
        }, cancellationToken);

    public Task<StoredImage?> GetAsync(string sessionId, long id, CancellationToken cancellationToken) =>
        _database.RunAsync(async command =>
        {
            command.CommandText = $"SELECT {Columns} FROM image WHERE id = $id AND session_id = $session";
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$session", sessionId);
            return (await ReadAllAsync(command, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        }, cancellationToken);

    public void Dispose() => _database.Dispose();

    private static async Task<IReadOnlyList<StoredImage>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var images = new List<StoredImage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var upload = new ImageUpload(
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                Enum.Parse<EyeLaterality>(reader.GetString(5)),
                Enum.Parse<RetinalField>(reader.GetString(6)),
                new DateTimeOffset(reader.GetInt64(7), TimeSpan.Zero),
                reader.GetString(8));
            var info = new ImageInfo(Enum.Parse<ImageFormat>(reader.GetString(11)), reader.GetInt32(12), reader.GetInt32(13));
            images.Add(new StoredImage(reader.GetInt64(0), upload, reader.GetString(9), reader.GetInt64(10), info, new DateTimeOffset(reader.GetInt64(14), TimeSpan.Zero)));
        }

        return images;
    }
}
