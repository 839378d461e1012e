using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Signal.Wfdb;

namespace TeleSante.FirmwareSim.Devices;

/// <summary>
/// An ECG recorder that replays a real WFDB record (MIT-BIH, PTB) instead of a synthetic signal:
/// cuts it into chunks of <see cref="WfdbReplayRecorderOptions.ChunkSamples"/> and sends each lead
/// with the record's own gain and baseline, so the gateway stores the original adu values
/// bit-identical. Signals the gateway has no code for are left out and listed in <see cref="Notes"/>.
/// </summary>
public sealed class WfdbReplayRecorder : IDisposable
{
    private readonly WfdbReplayRecorderOptions _options;
    private readonly WfdbSignalReader _reader;
    private readonly int[][] _buffers;
    private readonly List<(int Signal, uint Mdc)> _leads = [];
    private readonly List<string> _notes = [];
    private ulong _seq;

    public WfdbReplayRecorder(WfdbReplayRecorderOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkSamples, 1);
        _options = options;
        _seq = options.FirstSeq - 1;
        _reader = WfdbSignalReader.Open(options.HeaderPath);
        try
        {
            var signals = _reader.Header.Signals;
            _buffers = new int[signals.Count][];
            for (var s = 0; s < signals.Count; s++)
            {
                _buffers[s] = new int[options.ChunkSamples * signals[s].SamplesPerFrame];
                if (Accept(s, signals[s]) is { } mdc)
                {
                    _leads.Add((s, mdc));
                }
            }

            if (_leads.Count == 0)
            {
                throw new InvalidOperationException($"{options.HeaderPath}: no signal can be sent to the gateway ({string.Join("; ", _notes)})");
            }
        }
        catch
        {
            _reader.Dispose();
            throw;
        }
    }

    public WfdbReplayRecorderOptions Options => _options;

    public WfdbHeader Header => _reader.Header;

    /// <summary>MDC codes of the leads sent, in header order.</summary>
    public IReadOnlyList<uint> Leads => _leads.Select(l => l.Mdc).ToArray();

    /// <summary>One line per signal left out, saying why.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Samples per lead sent so far, across loops.</summary>
    public long SamplesSent { get; private set; }

    /// <summary>
    /// The next chunk as a batch, or null once the record is exhausted (never when looping). The
    /// last chunk of a non-looping replay may be shorter; a looping one wraps inside a chunk so
    /// every chunk has the same length and time runs on without a gap.
    /// </summary>
    /// <exception cref="WfdbFormatException">The record's files turned out corrupt (checked on the first pass).</exception>
    public ReadingBatch? NextBatch()
    {
        var filled = 0;
        while (filled < _options.ChunkSamples)
        {
            var read = _reader.Read(_buffers, filled, _options.ChunkSamples - filled);
            if (read > 0)
            {
                filled += read;
            }
            else if (_options.Loop && _reader.SampleCount > 0)
            {
                _reader.Rewind();
            }
            else
            {
                break;
            }
        }

        if (filled == 0)
        {
            return null;
        }

        var rate = Header.SamplingFrequency;
        var chunk = new WaveformChunk
        {
            StartTimeNs = _options.StartTimeNs + (long)Math.Round(SamplesSent * 1e9 / rate),
            SampleRateHz = rate,
        };
        foreach (var (signal, mdc) in _leads)
        {
            var spec = Header.Signals[signal];
            var channel = new WaveformChannel { MdcCode = mdc, Gain = spec.Gain, Baseline = spec.Baseline, Unit = spec.Units };
            channel.Samples.Add(new ArraySegment<int>(_buffers[signal], 0, filled));
            chunk.Channels.Add(channel);
        }

        SamplesSent += filled;
        var batch = new ReadingBatch
        {
            DeviceId = _options.DeviceId,
            SiteId = _options.SiteId,
            SessionId = _options.SessionId,
            Seq = ++_seq,
            DeviceTimeNs = _options.StartTimeNs + (long)Math.Round(SamplesSent * 1e9 / rate),
        };
        batch.Waveforms.Add(chunk);
        return batch;
    }

    /// <summary>
    /// MDC code of a WFDB signal description: MIT-BIH's MLII (modified lead II) and V1..V6, and
    /// PTB's i, ii, iii, avr, avl, avf, v1..v6. Null for anything else, e.g. PTB's Frank leads vx,
    /// vy, vz, which have no code the gateway accepts.
    /// </summary>
    public static uint? MapLead(string description) => description.Trim().ToUpperInvariant() switch
    {
        "I" => CodeCatalog.EcgLeadI,
        "II" or "MLII" => CodeCatalog.EcgLeadII,
        "III" => CodeCatalog.EcgLeadIII,
        "AVR" => CodeCatalog.EcgLeadAvr,
        "AVL" => CodeCatalog.EcgLeadAvl,
        "AVF" => CodeCatalog.EcgLeadAvf,
        "V1" => CodeCatalog.EcgLeadV1,
        "V2" => CodeCatalog.EcgLeadV2,
        "V3" => CodeCatalog.EcgLeadV3,
        "V4" => CodeCatalog.EcgLeadV4,
        "V5" => CodeCatalog.EcgLeadV5,
        "V6" => CodeCatalog.EcgLeadV6,
        _ => null,
    };

    private uint? Accept(int index, WfdbSignalSpec spec)
    {
        var name = $"signal {index} '{spec.Description}'";
        if (MapLead(spec.Description) is not { } mdc)
        {
            _notes.Add(spec.Description.Trim().ToUpperInvariant() is "VX" or "VY" or "VZ"
                ? $"{name} skipped: Frank lead, no MDC code the gateway accepts"
                : $"{name} skipped: not a lead name the gateway has a code for");
            return null;
        }

        if (_leads.Any(l => l.Mdc == mdc))
        {
            _notes.Add($"{name} skipped: lead code {mdc} is already sent (codes are unique within a chunk)");
            return null;
        }

        if (spec.SamplesPerFrame != 1)
        {
            _notes.Add($"{name} skipped: {spec.SamplesPerFrame} samples per frame, the chunk's channels share one rate");
            return null;
        }

        if (spec.GainIsDefault)
        {
            // header(5): gain 0 means uncalibrated; sending the nominal 200 adu/mV would invent millivolts.
            _notes.Add($"{name} skipped: uncalibrated (no ADC gain in the header)");
            return null;
        }

        if (CodeCatalog.FindWaveform(mdc)?.FindUnit(spec.Units) is null)
        {
            _notes.Add($"{name} skipped: units '{spec.Units}' are not accepted for an ECG lead");
            return null;
        }

        return mdc;
    }

    public void Dispose() => _reader.Dispose();
}
