using TeleSante.Domain.Codes;
using TeleSante.FirmwareSim.Devices.Vitals.Internal;

namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>
/// A capillary blood glucose meter (IEEE 11073-10417). A measurement is a strip inserted, a drop
/// applied after lancing, a countdown of <see cref="GlucometerOptions.ReactionTime"/>, then the
/// result, stamped with the time it is displayed. The meter's error follows the ISO 15197:2013
/// accuracy criterion a meter sold in the EU must meet: 95 % of results within ±0.83 mmol/L
/// (±15 mg/dL) of the reference below 5.55 mmol/L (100 mg/dL) and within ±15 % above; modelled as a
/// normal error with that bound at 2.5 standard deviations (about 99 % within), the margin marketed
/// meters show in published evaluations rather than the bare 95 %.
/// </summary>
public sealed class Glucometer
{
    /// <summary>Molar mass of glucose, 180.16 g/mol: 1 mmol/L = 18.016 mg/dL.</summary>
    public const double MilligramsPerDecilitrePerMillimole = 18.016;

    private readonly GlucometerOptions _options;
    private readonly Random _random;
    private readonly SequenceCounter _seq;

    public Glucometer(GlucometerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReactionTime, TimeSpan.Zero);
        _options = options;
        _random = new Random(options.Seed);
        _seq = new SequenceCounter(options.FirstSeq, options.TimeProvider);
    }

    public GlucometerOptions Options => _options;

    public ulong LastSeq => _seq.Last;

    public event Action<GlucoseMeasurement>? Completed;

    public event Action<GlucoseMeasurement>? Failed;

    /// <summary>
    /// One strip inserted at <paramref name="stripInsertedNs"/>; returns at once, events raised before returning.
    /// </summary>
    /// <param name="sampleDelay">From insertion to the drop on the strip (lancing); 8..25 s drawn when null.</param>
    /// <param name="trueMmolPerLitre">The patient's true glucose; drawn from the profile when null.</param>
    public GlucoseMeasurement Measure(string sessionId, long stripInsertedNs, TimeSpan? sampleDelay = null, double? trueMmolPerLitre = null, GlucometerFault fault = GlucometerFault.None)
        => Finish(Simulate(sessionId, DeviceClock.RoundToMs(stripInsertedNs), sampleDelay, trueMmolPerLitre, fault));

    /// <summary>One strip in real time on the options' TimeProvider: inserted now, completes when the result is displayed.</summary>
    public async Task<GlucoseMeasurement> MeasureAsync(string sessionId, TimeSpan? sampleDelay = null, double? trueMmolPerLitre = null, GlucometerFault fault = GlucometerFault.None, CancellationToken cancellationToken = default)
    {
        var measurement = Simulate(sessionId, DeviceClock.RoundToMs(DeviceClock.NowNs(_options.TimeProvider)), sampleDelay, trueMmolPerLitre, fault);
        await DeviceClock.DelayUntilAsync(_options.TimeProvider, measurement.EndTimeNs, cancellationToken).ConfigureAwait(false);
        return Finish(measurement);
    }

    /// <summary>A mmol/L value as this meter would display it in mg/dL (whole units).</summary>
    public static double ToMilligramsPerDecilitre(double mmolPerLitre) => Math.Round(mmolPerLitre * MilligramsPerDecilitrePerMillimole);

    private GlucoseMeasurement Simulate(string sessionId, long insertedNs, TimeSpan? sampleDelay, double? trueMmol, GlucometerFault fault)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var truth = trueMmol ?? _options.Profile switch
        {
            GlucoseProfile.FastingNormal => _random.NextGaussian(5.0, 0.4, 4.0, 6.0),
            GlucoseProfile.Postprandial => _random.NextGaussian(7.2, 1.0, 5.5, 10.0),
            GlucoseProfile.Diabetic => _random.NextGaussian(10.5, 3.5, 5.0, 25.0),
            GlucoseProfile.Hypoglycaemic => _random.NextGaussian(3.0, 0.4, 2.2, 3.8),
            _ => throw new InvalidOperationException($"unknown profile {_options.Profile}"),
        };
        var measurement = new GlucoseMeasurement
        {
            DeviceId = _options.DeviceId,
            SessionId = sessionId,
            Outcome = GlucometerOutcome.Success,
            StripInsertedNs = insertedNs,
            EndTimeNs = insertedNs,
            Ucum = _options.Unit switch { GlucoseUnit.MilligramsPerDecilitre => "mg/dL", GlucoseUnit.GramsPerLitre => "g/L", _ => "mmol/L" },
            TrueMmolPerLitre = Math.Round(truth, 2),
        };

        if (fault == GlucometerFault.UsedStrip)
        {
            // The strip's electrodes are checked as soon as it is in: the error shows within a second.
            return measurement with { Outcome = GlucometerOutcome.StripError, EndTimeNs = insertedNs + DeviceClock.NanosPerSecond };
        }

        var delay = sampleDelay ?? TimeSpan.FromSeconds(_random.NextUniform(8, 25));
        var applied = insertedNs + DeviceClock.RoundToMs(delay.Ticks * 100);
        measurement = measurement with { SampleAppliedNs = applied };
        if (fault == GlucometerFault.InsufficientSample)
        {
            // The fill electrode is not reached within the strip's fill time: error before the countdown ends.
            return measurement with { Outcome = GlucometerOutcome.InsufficientSample, EndTimeNs = applied + (2 * DeviceClock.NanosPerSecond) };
        }

        var shown = applied + DeviceClock.RoundToMs(_options.ReactionTime.Ticks * 100);
        measurement = measurement with { EndTimeNs = shown };
        var bound = truth < 5.55 ? 0.83 : 0.15 * truth;
        var measured = truth + _random.NextGaussian(0, bound / 2.5);
        if (measured < _options.MinDisplayMmolPerLitre)
        {
            return measurement with { Outcome = GlucometerOutcome.BelowRange };
        }

        if (measured > _options.MaxDisplayMmolPerLitre)
        {
            return measurement with { Outcome = GlucometerOutcome.AboveRange };
        }

        return measurement with
        {
            Value = _options.Unit switch
            {
                GlucoseUnit.MilligramsPerDecilitre => ToMilligramsPerDecilitre(measured),
                // French meters show two decimals of g/L: 1.05 g/L is 105 mg/dL.
                GlucoseUnit.GramsPerLitre => ToMilligramsPerDecilitre(measured) / 100,
                _ => Math.Round(measured, 1),
            },
        };
    }

    private GlucoseMeasurement Finish(GlucoseMeasurement measurement)
    {
        var t = measurement.EndTimeNs;
        if (measurement.Value is not { } value)
        {
            // The meter shows an error (or LO/HI) instead of a number; the practitioner is told which.
            var (code, text) = measurement.Outcome switch
            {
                GlucometerOutcome.StripError => ("strip-error", "E-1: used or damaged strip"),
                GlucometerOutcome.InsufficientSample => ("insufficient-sample", "E-2: not enough blood"),
                GlucometerOutcome.BelowRange => ("out-of-range", "LO: below the measuring range"),
                _ => ("out-of-range", "HI: above the measuring range"),
            };
            var failed = measurement with { Batch = Observations.EventBatch(_options.DeviceId, _options.SiteId, measurement.SessionId, _seq.Next(), t, Observations.Event(code, CodeCatalog.CapillaryGlucose, text, t)) };
            Failed?.Invoke(failed);
            return failed;
        }

        var done = measurement with
        {
            Batch = Observations.Batch(_options.DeviceId, _options.SiteId, measurement.SessionId, _seq.Next(), t,
                Observations.Create(CodeCatalog.CapillaryGlucose, value, measurement.Ucum, t)),
        };
        Completed?.Invoke(done);
        return done;
    }
}
