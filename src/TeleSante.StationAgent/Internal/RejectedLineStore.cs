using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;

namespace TeleSante.StationAgent.Internal;

/// <summary>
/// Lines the agent refused (bad checksum, garbage, fragments, seq going back, outbox full), kept in
/// <c>rejected-lines.log</c> so that a technician can see exactly what the device sent. One line each,
/// tab-separated: agent time (UTC, RFC 3339), port, device id, reason, detail, the raw bytes with
/// everything outside printable ASCII (and the backslash) written as <c>\xHH</c>. The file is
/// rotated to <c>.1</c> at <see cref="OutboxOptions.RejectedLinesMaxBytes"/> (one old generation
/// kept): a device babbling at the wrong baud rate must not fill the station's disk. Every refusal is
/// also counted in <see cref="AgentStatus"/> and logged.
/// </summary>
internal sealed class RejectedLineStore : IDisposable
{
    public const string FileName = "rejected-lines.log";

    private readonly string _path;
    private readonly long _maxBytes;
    private readonly Lock _gate = new();
    private FileStream? _file;

    public RejectedLineStore(IOptions<OutboxOptions> options)
    {
        Directory.CreateDirectory(options.Value.Directory);
        _path = Path.Combine(options.Value.Directory, FileName);
        _maxBytes = options.Value.RejectedLinesMaxBytes;
    }

    public void Add(DateTimeOffset now, string port, string deviceId, LineRejection rejection, ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(64 + raw.Length);
        text.Append(now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Append('\t')
            .Append(port).Append('\t')
            .Append(deviceId).Append('\t')
            .Append(rejection.Reason).Append('\t')
            .Append(rejection.Detail.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ')).Append('\t');
        AppendEscaped(text, raw);
        text.Append('\n');
        var bytes = Encoding.UTF8.GetBytes(text.ToString());

        lock (_gate)
        {
            _file ??= Open();
            if (_file.Length > 0 && _file.Length + bytes.Length > _maxBytes)
            {
                _file.Dispose();
                File.Move(_path, _path + ".1", overwrite: true);
                _file = Open();
            }

            _file.Write(bytes);
            _file.Flush(flushToDisk: true);
        }
    }

    /// <summary>Writes <paramref name="raw"/> so the file stays one line per refusal and shows every byte.</summary>
    public static void AppendEscaped(StringBuilder text, ReadOnlySpan<byte> raw)
    {
        foreach (var b in raw)
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }
    }

    /// <summary>The refusals in the current file, for tests and tools.</summary>
    public static IReadOnlyList<string> ReadAll(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? [.. File.ReadAllLines(path, Encoding.UTF8).Where(l => l.Length > 0)] : [];
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private FileStream Open() => new(_path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
}
