using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.FirmwareSim.Devices.Vitals.Internal;

namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>
/// A fingertip pulse oximeter (IEEE 11073-10404): a plethysmogram at <see cref="PulseOximeterOptions.SampleRateHz"/>
/// and SpO2 plus pulse rate once a second, one batch per <see cref="PulseOximeterOptions.ChunkSeconds"/>.
/// Time is explicit: each <see cref="NextChunk"/> covers the next period after the previous one,
/// starting at <see cref="PulseOximeterOptions.StartTimeNs"/>; the caller paces it (or not).
/// <para>
/// Probe off: no batch at all, neither numerics nor a flat pleth. A flat line would be stored as if it
/// had been measured; a missing chunk is stored as a gap, which the gateway's reader reports as a new
/// waveform segment. Motion: the disturbed pleth is sent (it shows the clinician why) but SpO2 and
/// pulse rate are withheld (ISO 80601-2-61: no invalid value shown as valid). After the probe goes
/// back on, the pleth resumes at once and SpO2 after <see cref="PulseOximeterOptions.AcquisitionSeconds"/>.
/// Probe and motion changes take effect at the next chunk boundary.
/// </para>
/// </summary>
public sealed class PulseOximeter
{
    /// <summary>Time constant and spread of the patient's slow SpO2 drift (an Ornstein–Uhlenbeck process).</summary>
    private const double DriftSeconds = 30, DriftSd = 0.7;

    private bool _probeOffReported;
    private readonly PulseOximeterOptions _options;
    private readonly Random _random;
    private readonly SequenceCounter _seq;
    private readonly PlethSynthesizer _pleth;
    private long _seconds;
    private long _samples;
    private int _secondsAttached;
    private double _saturation;

    public PulseOximeter(PulseOximeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.SampleRateHz);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkSeconds, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.PlethGain);
        ArgumentOutOfRangeException.ThrowIfNegative(options.AcquisitionSeconds);
        _options = options;
        _random = new Random(options.Seed);
        _seq = new SequenceCounter(options.FirstSeq, options.TimeProvider);
        _pleth = new PlethSynthesizer(_random, options.SampleRateHz);
        SessionId = options.SessionId;
        Patient = options.Patient;
        _saturation = Patient.SpO2Percent;
    }

    public PulseOximeterOptions Options => _options;

    public string SessionId { get; private set; }

    public OximeterPatient Patient { get; private set; }

    public bool ProbeAttached { get; private set; } = true;

    public bool InMotion { get; private set; }

    /// <summary>Condition during the last second produced (Searching before the first chunk).</summary>
    public OximeterCondition Condition { get; private set; } = OximeterCondition.Searching;

    /// <summary>Start time of the chunk the next <see cref="NextChunk"/> returns, ns since epoch.</summary>
    public long NextChunkStartNs => SampleTimeNs(_samples);

    /// <summary>The seq of the last batch produced.</summary>
    public ulong LastSeq => _seq.Last;

    /// <summary>Raised when a second's condition differs from the previous second's (probe off, back on, motion...).</summary>
    public event Action<OximeterConditionChange>? ConditionChanged;

    /// <summary>A new consultation: the probe goes on a new finger, acquisition starts again.</summary>
    public void StartSession(string sessionId, OximeterPatient? patient = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        SessionId = sessionId;
        Patient = patient ?? Patient;
        _saturation = Patient.SpO2Percent;
        InMotion = false;
        ProbeAttached = true;
        _secondsAttached = 0;
    }

    /// <summary>The finger comes out of the probe (from the next chunk on).</summary>
    public void RemoveProbe() => ProbeAttached = false;

    /// <summary>The finger goes back in (from the next chunk on); SpO2 returns after the acquisition time.</summary>
    public void AttachProbe()
    {
        if (!ProbeAttached)
        {
            ProbeAttached = true;
            _secondsAttached = 0;
            _probeOffReported = false;
        }
    }

    public void StartMotion() => InMotion = true;

    public void StopMotion() => InMotion = false;

    /// <summary>The next period's pleth and numerics.</summary>
    public OximeterChunk NextChunk()
    {
        var firstSample = _samples;
        var endSample = SampleIndexAt(_seconds + _options.ChunkSeconds);
        var values = new double[endSample - firstSample];
        var observations = new List<Observation>(2 * _options.ChunkSeconds);
        for (var s = 0; s < _options.ChunkSeconds; s++)
        {
            var second = _seconds + s;
            var secondStartNs = _options.StartTimeNs + (second * DeviceClock.NanosPerSecond);
            var condition = !ProbeAttached ? OximeterCondition.ProbeOff
                : InMotion ? OximeterCondition.MotionArtefact
                : _secondsAttached < _options.AcquisitionSeconds ? OximeterCondition.Searching
                : OximeterCondition.Measuring;
            if (condition != Condition)
            {
                var change = new OximeterConditionChange(secondStartNs, Condition, condition);
                Condition = condition;
                ConditionChanged?.Invoke(change);
            }

            // The heart keeps beating with the probe off: the signal advances even when it is not sent.
            var from = SampleIndexAt(second) - firstSample;
            var to = SampleIndexAt(second + 1) - firstSample;
            _pleth.Generate(values.AsSpan((int)from, (int)(to - from)), Patient, InMotion);
            Drift();
            if (ProbeAttached)
            {
                _secondsAttached++;
            }

            if (condition == OximeterCondition.Measuring)
            {
                // Numerics are the result of the second that just ended.
                var t = secondStartNs + DeviceClock.NanosPerSecond;
                var spo2 = Math.Clamp(Math.Round(_saturation + _random.NextGaussian(0, 0.3)), 50, 100);
                observations.Add(Observations.Create(CodeCatalog.SpO2, spo2, "%", t));
                if (_pleth.PulseRate() is { } pulse)
                {
                    observations.Add(Observations.Create(CodeCatalog.PulseRateOximeter, Math.Round(pulse), "/min", t));
                }
            }
        }

        _seconds += _options.ChunkSeconds;
        _samples = endSample;
        var chunk = new OximeterChunk
        {
            StartTimeNs = SampleTimeNs(firstSample),
            EndTimeNs = SampleTimeNs(endSample),
            Condition = Condition,
        };

        // Probe state only changes between chunks, so a chunk is either wholly off or wholly on. Off,
        // nothing is measured; the first off chunk tells the gateway why (an alarm, not a flat line).
        if (ProbeAttached)
        {
            return chunk with { Batch = Batch(chunk, values, observations) };
        }

        if (_probeOffReported)
        {
            return chunk;
        }

        _probeOffReported = true;
        return chunk with { Batch = Observations.EventBatch(_options.DeviceId, _options.SiteId, SessionId, _seq.Next(), chunk.EndTimeNs, Observations.Event("probe-off", CodeCatalog.Pleth, "SENSOR OFF", chunk.StartTimeNs)) };
    }

    private ReadingBatch Batch(OximeterChunk chunk, double[] values, List<Observation> observations)
    {
        var channel = new WaveformChannel
        {
            MdcCode = CodeCatalog.Pleth,
            Gain = _options.PlethGain,
            Baseline = 0,
            Unit = "1",
        };
        foreach (var value in values)
        {
            channel.Samples.Add((int)Math.Round(value * _options.PlethGain));
        }

        var waveform = new WaveformChunk { StartTimeNs = chunk.StartTimeNs, SampleRateHz = _options.SampleRateHz };
        waveform.Channels.Add(channel);
        var batch = Observations.Batch(_options.DeviceId, _options.SiteId, SessionId, _seq.Next(), chunk.EndTimeNs, [.. observations]);
        batch.Waveforms.Add(waveform);
        return batch;
    }

    private void Drift()
    {
        _saturation += ((Patient.SpO2Percent - _saturation) / DriftSeconds) + (DriftSd * Math.Sqrt(2 / DriftSeconds) * _random.NextGaussian(0, 1));
    }

    private long SampleIndexAt(long second) => (long)Math.Round(second * _options.SampleRateHz);

    private long SampleTimeNs(long sample) => _options.StartTimeNs + (long)Math.Round(sample * 1e9 / _options.SampleRateHz);
}
