using System.Text;

namespace TeleSante.FirmwareSim.Serial;

/// <summary>
/// A simulated RS-232 vitals monitor (oximeter, thermometer, glucometer and BP cuff in one box, as
/// pharmacy kiosks have) writing TSV1 sentences on a serial port for the station agent. The link is
/// one-way, like the real devices: the monitor never knows whether anyone listened, it only keeps its
/// sequence counter rising across power cycles (<see cref="PersistentSeq"/>).
/// </summary>
/// <remarks>
/// The port is opened as a plain file: a tty or pty accepts write(2) like any character device, and
/// the firmware simulator needs no System.IO.Ports dependency for that (line settings belong to the
/// port: socat sets its ptys raw; stty sets a real UART).
/// </remarks>
public sealed class SerialVitalsDevice : IAsyncDisposable
{
    private const uint SpO2 = 150456;
    private const uint PulseOximeter = 149530;
    private const uint BodyTemperature = 150364;
    private const uint CapillaryGlucose = 160196;
    private const uint Systolic = 150021;
    private const uint Diastolic = 150022;
    private const uint Mean = 150023;
    private const uint PulseCuff = 149546;

    private readonly SerialVitalsDeviceOptions _options;
    private readonly PersistentSeq _seq;
    private readonly Random _random;
    private readonly SemaphoreSlim _port = new(1, 1);
    private readonly List<WrittenSentence> _written = [];
    private readonly Lock _gate = new();
    private FileStream? _stream;
    private long _lastTimeMs;
    private long _count;

    public SerialVitalsDevice(SerialVitalsDeviceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _seq = new PersistentSeq(options.SeqFile);
        _random = new Random(options.Seed);
    }

    /// <summary>Every sentence written so far, in order (not the raw bytes of <see cref="WriteRawAsync"/>).</summary>
    public IReadOnlyList<WrittenSentence> Written
    {
        get
        {
            lock (_gate)
            {
                return [.. _written];
            }
        }
    }

    /// <summary>Writes sentences every <see cref="SerialVitalsDeviceOptions.Interval"/>; <paramref name="count"/> 0 = until cancelled.</summary>
    public async Task RunAsync(int count, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.Interval, _options.Clock);
        for (var i = 0; count <= 0 || i < count; i++)
        {
            await WriteNextAsync(cancellationToken).ConfigureAwait(false);
            if (count > 0 && i == count - 1)
            {
                break;
            }

            await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Measures and writes the next sentence of the device's cycle.</summary>
    public Task<WrittenSentence> WriteNextAsync(CancellationToken cancellationToken)
    {
        var index = Interlocked.Increment(ref _count);
        if (_options.BloodPressureEvery > 0 && index % _options.BloodPressureEvery == 0)
        {
            var systolic = (double)_random.Next(110, 136);
            var diastolic = (double)_random.Next(68, 86);
            var mean = Math.Round(diastolic + ((systolic - diastolic) / 3), 1);
            var pulse = (double)_random.Next(58, 90);
            return WriteAsync(
                (seq, time) => TsvSentence.BloodPressure(seq, time, systolic, diastolic, mean, "mm[Hg]", pulse),
                [new(Systolic, systolic, "mm[Hg]"), new(Diastolic, diastolic, "mm[Hg]"), new(Mean, mean, "mm[Hg]"), new(PulseCuff, pulse, "/min")],
                cancellationToken);
        }

        return (index % 4) switch
        {
            0 => WriteObservationAsync(SpO2.ToString(System.Globalization.CultureInfo.InvariantCulture), SpO2, _random.Next(94, 100), "%", cancellationToken),
            1 => WriteObservationAsync(PulseOximeter.ToString(System.Globalization.CultureInfo.InvariantCulture), PulseOximeter, _random.Next(60, 91), "/min", cancellationToken),
            // Older firmware names its codes by reference id; the agent resolves them.
            2 => WriteObservationAsync("MDC_TEMP_BODY", BodyTemperature, Math.Round(36.3 + (_random.NextDouble() * 1.1), 1), "Cel", cancellationToken),
            _ => WriteObservationAsync(CapillaryGlucose.ToString(System.Globalization.CultureInfo.InvariantCulture), CapillaryGlucose, Math.Round(4.5 + (_random.NextDouble() * 3), 1), "mmol/L", cancellationToken),
        };
    }

    /// <summary>Writes one TSV1 observation with the next seq (also for values a gateway will refuse).</summary>
    public Task<WrittenSentence> WriteObservationAsync(string code, uint mdc, double value, string unit, CancellationToken cancellationToken) =>
        WriteAsync((seq, time) => TsvSentence.Observation(seq, time, code, value, unit), [new(mdc, value, unit)], cancellationToken);

    /// <summary>Writes one TSE1 device event (e.g. "probe-off" for the pleth, 150452) with the next seq.</summary>
    public Task<WrittenSentence> WriteEventAsync(string eventCode, uint mdc, string text, CancellationToken cancellationToken) =>
        WriteAsync((seq, time) => TsvSentence.Event(seq, time, eventCode, mdc == 0 ? string.Empty : mdc.ToString(System.Globalization.CultureInfo.InvariantCulture), text), [], cancellationToken);

    /// <summary>Writes bytes as they are: line noise, a damaged sentence, another protocol. Not recorded in <see cref="Written"/>.</summary>
    public async Task WriteRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _port.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = Open();
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _port.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _port.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stream is not null)
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
                _stream = null;
            }
        }
        finally
        {
            _port.Release();
        }
    }

    private async Task<WrittenSentence> WriteAsync(Func<ulong, DateTimeOffset, string> format, WrittenObservation[] observations, CancellationToken cancellationToken)
    {
        await _port.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Millisecond clock, strictly increasing: two readings of one code never share a timestamp.
            var ms = Math.Max(_options.Clock.GetUtcNow().ToUnixTimeMilliseconds(), _lastTimeMs + 1);
            _lastTimeMs = ms;
            var time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            var seq = _seq.Next();
            var line = format(seq, time);
            var stream = Open();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(line), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            var sentence = new WrittenSentence(seq, ms * 1_000_000, line, observations);
            lock (_gate)
            {
                _written.Add(sentence);
            }

            return sentence;
        }
        finally
        {
            _port.Release();
        }
    }

    private FileStream Open() =>
        _stream ??= new FileStream(_options.PortPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
}
