using TeleSante.Domain.Codes;
using TeleSante.FirmwareSim.Devices.Vitals.Internal;

namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>
/// An automated oscillometric upper-arm cuff (IEEE 11073-10407 blood pressure monitor). Each
/// measurement runs a full cycle: inflation above systolic, slow linear deflation during which every
/// heartbeat adds an oscillation whose amplitude follows the patient's envelope (maximal at MAP),
/// then the dump. The device reads MAP, systolic and diastolic from those oscillations only, so its
/// values differ from the patient's true ones by a few mmHg, as a validated cuff's do
/// (ISO 81060-2: mean error within ±5 mmHg, SD within 8 mmHg).
/// <para>
/// Errors (loose cuff, motion, out of range) end the cycle with no value: <see cref="Failed"/> is
/// raised and the measurement's <see cref="CuffMeasurement.Batch"/> carries only the device event
/// ("cuff-loose", "motion-artefact", "out-of-range" with the cuff's E-code as text), so the remote
/// practitioner learns why there is no reading; a cuff never sends a wrong value instead. An irregular
/// pulse detected during a successful cycle rides along as an "irregular-pulse" advisory.
/// </para>
/// <para>Not thread-safe (one cuff, one measurement at a time); events are raised on the thread
/// running the measurement.</para>
/// </summary>
public sealed class BloodPressureCuff
{
    /// <summary>Share of beats disturbed while the patient moves.</summary>
    private const double MotionBeatProbability = 0.35;

    private readonly BloodPressureCuffOptions _options;
    private readonly Random _random;
    private readonly SequenceCounter _seq;

    public BloodPressureCuff(BloodPressureCuffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.InflationRateMmHgPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.DeflationRateMmHgPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ExhaustRateMmHgPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxCuffPressureMmHg);
        _options = options;
        _random = new Random(options.Seed);
        _seq = new SequenceCounter(options.FirstSeq, options.TimeProvider);
    }

    public BloodPressureCuffOptions Options => _options;

    /// <summary>The seq of the last batch produced.</summary>
    public ulong LastSeq => _seq.Last;

    /// <summary>Each stage of the cycle as it starts (all at once, in order, for <see cref="Measure"/>).</summary>
    public event Action<CuffPhaseSpan>? PhaseStarted;

    /// <summary>A measurement gave values; its batch is ready to send.</summary>
    public event Action<CuffMeasurement>? Completed;

    /// <summary>A measurement ended in an error (<see cref="CuffMeasurement.Outcome"/>); there is nothing to send.</summary>
    public event Action<CuffMeasurement>? Failed;

    /// <summary>
    /// Runs one cycle starting at <paramref name="startTimeNs"/> (device clock, ns since epoch) and
    /// returns at once with its result; events are raised before returning.
    /// </summary>
    /// <param name="patient">The patient's true values; drawn from <see cref="BloodPressureCuffOptions.Profile"/> when null.</param>
    /// <param name="fault">A problem to inject into this cycle.</param>
    public CuffMeasurement Measure(string sessionId, long startTimeNs, BloodPressurePatient? patient = null, CuffFault fault = CuffFault.None)
    {
        var measurement = Simulate(sessionId, DeviceClock.RoundToMs(startTimeNs), patient, fault);
        foreach (var phase in measurement.Phases)
        {
            PhaseStarted?.Invoke(phase);
        }

        return Finish(measurement);
    }

    /// <summary>
    /// Runs one cycle in real time on <see cref="VitalsDeviceOptions.TimeProvider"/>: starts now,
    /// raises <see cref="PhaseStarted"/> as each stage begins, and completes when the valve has
    /// dumped the cuff (tens of seconds), as the device would. Cancelling abandons the cycle: no
    /// result, no sequence number used.
    /// </summary>
    public async Task<CuffMeasurement> MeasureAsync(string sessionId, BloodPressurePatient? patient = null, CuffFault fault = CuffFault.None, CancellationToken cancellationToken = default)
    {
        var time = _options.TimeProvider;
        var measurement = Simulate(sessionId, DeviceClock.RoundToMs(DeviceClock.NowNs(time)), patient, fault);
        foreach (var phase in measurement.Phases)
        {
            PhaseStarted?.Invoke(phase);
            await DeviceClock.DelayUntilAsync(time, phase.EndNs, cancellationToken).ConfigureAwait(false);
        }

        return Finish(measurement);
    }

    private CuffMeasurement Finish(CuffMeasurement measurement)
    {
        var t = measurement.EndTimeNs;
        if (measurement.Outcome != CuffOutcome.Success)
        {
            var (code, text) = measurement.Outcome switch
            {
                CuffOutcome.CuffLoose => ("cuff-loose", "E1: cuff not wrapped correctly"),
                CuffOutcome.MotionArtefact => ("motion-artefact", "E2: movement during measurement"),
                _ => ("out-of-range", "E3: pressure or pulse outside the measuring range"),
            };
            var failed = measurement with { Batch = Observations.EventBatch(_options.DeviceId, _options.SiteId, measurement.SessionId, _seq.Next(), t, Observations.Event(code, CodeCatalog.BpSystolic, text, t)) };
            Failed?.Invoke(failed);
            return failed;
        }

        var batch = Observations.Batch(_options.DeviceId, _options.SiteId, measurement.SessionId, _seq.Next(), t,
            Observations.Create(CodeCatalog.BpSystolic, measurement.SystolicMmHg!.Value, "mm[Hg]", t),
            Observations.Create(CodeCatalog.BpDiastolic, measurement.DiastolicMmHg!.Value, "mm[Hg]", t),
            Observations.Create(CodeCatalog.BpMean, measurement.MeanMmHg!.Value, "mm[Hg]", t),
            Observations.Create(CodeCatalog.PulseRateNonInvasive, measurement.PulseRatePerMin!.Value, "/min", t));
        if (measurement.IrregularPulse)
        {
            batch.Events.Add(Observations.Event("irregular-pulse", CodeCatalog.PulseRateNonInvasive, "IHB", t));
        }

        var done = measurement with { Batch = batch };
        Completed?.Invoke(done);
        return done;
    }

    private CuffMeasurement Simulate(string sessionId, long startNs, BloodPressurePatient? patient, CuffFault fault)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        patient ??= BloodPressurePatient.Draw(_options.Profile, _random);
        var phases = new List<CuffPhaseSpan>(3);
        var beats = new List<OscillometricBeat>();
        var measurement = new CuffMeasurement
        {
            DeviceId = _options.DeviceId,
            SessionId = sessionId,
            Outcome = CuffOutcome.Success,
            StartTimeNs = startNs,
            EndTimeNs = startNs,
            Patient = patient,
            Phases = phases,
            Beats = beats,
        };

        if (fault == CuffFault.LooseCuff)
        {
            // Air leaves an unwrapped cuff about as fast as the pump pushes it in: the pressure creeps
            // to a few mmHg and the device gives up when its inflation timeout expires.
            var reached = Math.Round(_random.NextUniform(6, 14), 1);
            var gaveUp = startNs + DeviceClock.RoundToMs(_options.InflationTimeout.Ticks * 100);
            phases.Add(new CuffPhaseSpan(CuffPhase.Inflating, startNs, gaveUp, 0, reached));
            var dumped = gaveUp + DeviceClock.RoundToMs(DeviceClock.SecondsToNs(reached / _options.ExhaustRateMmHgPerSecond));
            phases.Add(new CuffPhaseSpan(CuffPhase.Exhausting, gaveUp, dumped, reached, 0));
            return measurement with { Outcome = CuffOutcome.CuffLoose, EndTimeNs = dumped };
        }

        // Inflate to a margin above systolic ("smart" inflation), never beyond the safety limit.
        var top = Math.Round(Math.Min(_options.MaxCuffPressureMmHg, patient.SystolicMmHg + _options.InflationMarginMmHg + _random.NextUniform(-5, 5)), 1);
        var inflated = startNs + DeviceClock.RoundToMs(DeviceClock.SecondsToNs(top / _options.InflationRateMmHgPerSecond));
        phases.Add(new CuffPhaseSpan(CuffPhase.Inflating, startNs, inflated, 0, top));

        // Simulator shortcut: a device stops bleeding once the oscillations have fallen well below the
        // diastolic ratio; that happens some 25 mmHg under the true diastolic.
        var bottom = Math.Round(Math.Min(top - 10, Math.Max(20, patient.DiastolicMmHg - 25)), 1);
        var deflateSeconds = (top - bottom) / _options.DeflationRateMmHgPerSecond;
        var deflated = inflated + DeviceClock.RoundToMs(DeviceClock.SecondsToNs(deflateSeconds));
        phases.Add(new CuffPhaseSpan(CuffPhase.Deflating, inflated, deflated, top, bottom));
        RecordBeats(beats, patient, fault == CuffFault.Motion, inflated, deflated, top);

        var dump = deflated + DeviceClock.RoundToMs(DeviceClock.SecondsToNs(bottom / _options.ExhaustRateMmHgPerSecond));
        phases.Add(new CuffPhaseSpan(CuffPhase.Exhausting, deflated, dump, bottom, 0));

        var reading = OscillometricAnalysis.Analyse(beats, _options.SystolicRatio, _options.DiastolicRatio);
        measurement = measurement with { EndTimeNs = dump, Outcome = reading.Outcome, IrregularPulse = reading.Irregular };
        return reading.Outcome != CuffOutcome.Success
            ? measurement
            : measurement with
            {
                SystolicMmHg = (int)Math.Round(reading.SystolicMmHg),
                DiastolicMmHg = (int)Math.Round(reading.DiastolicMmHg),
                MeanMmHg = (int)Math.Round(reading.MeanMmHg),
                PulseRatePerMin = (int)Math.Round(reading.PulseRatePerMin),
            };
    }

    /// <summary>
    /// The oscillations during a linear deflation from <paramref name="top"/>. The envelope is a
    /// Gaussian on each side of MAP whose widths put the characteristic ratios exactly at the true
    /// systolic and diastolic pressures, so an ideal device would read them back; beat timing,
    /// noise, rhythm and motion are what make the real reading differ.
    /// </summary>
    private void RecordBeats(List<OscillometricBeat> beats, BloodPressurePatient patient, bool motion, long fromNs, long toNs, double top)
    {
        var map = patient.MeanMmHg;
        var upperWidth = (patient.SystolicMmHg - map) / Math.Sqrt(-Math.Log(_options.SystolicRatio));
        var lowerWidth = (map - patient.DiastolicMmHg) / Math.Sqrt(-Math.Log(_options.DiastolicRatio));
        var amplitude = _random.NextUniform(1.5, 3.5); // mmHg at MAP: depends on arm and cuff size
        var meanRr = 60.0 / patient.PulseRatePerMin;
        var previousRr = meanRr;
        var t = (fromNs / 1e9) + _random.NextUniform(0, meanRr);
        var end = toNs / 1e9;
        var start = fromNs / 1e9;
        while (t < end)
        {
            var pressure = top - (_options.DeflationRateMmHgPerSecond * (t - start));
            var distance = pressure - map;
            var width = distance >= 0 ? upperWidth : lowerWidth;
            var envelope = amplitude * Math.Exp(-(distance / width) * (distance / width));

            // Frank–Starling: a longer filling time before a beat gives a larger stroke, which in
            // atrial fibrillation makes the oscillations vary from beat to beat.
            var stroke = Math.Sqrt(previousRr / meanRr);
            var value = (envelope * stroke) + _random.NextGaussian(0, 0.02 * amplitude);
            if (motion && _random.NextDouble() < MotionBeatProbability)
            {
                value += amplitude * _random.NextUniform(0.8, 2.5);
            }

            beats.Add(new OscillometricBeat((long)Math.Round(t * 1e9), Math.Round(pressure, 2), Math.Max(0, Math.Round(value, 4))));
            var rr = patient.IrregularRhythm
                ? meanRr * _random.NextUniform(0.6, 1.4)
                : meanRr * (1 + _random.NextGaussian(0, 0.03));
            previousRr = rr;
            t += rr;
        }
    }
}
