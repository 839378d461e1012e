using TeleSante.Domain.Codes;
using TeleSante.FirmwareSim.Devices.Vitals.Internal;

namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>
/// A clinical thermometer (IEEE 11073-10408). A reading takes the method's time (about 1 s in the
/// ear, 3 s across the forehead, 10 s oral predictive), reads the core temperature with the method's
/// offset and scatter, and is displayed to 0.1 in °C or °F. Outside the display range it shows
/// "Lo"/"Hi": <see cref="Failed"/> is raised and nothing is sent.
/// </summary>
public sealed class Thermometer
{
    private readonly ThermometerOptions _options;
    private readonly Random _random;
    private readonly SequenceCounter _seq;

    public Thermometer(ThermometerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _random = new Random(options.Seed);
        _seq = new SequenceCounter(options.FirstSeq, options.TimeProvider);
    }

    public ThermometerOptions Options => _options;

    public ulong LastSeq => _seq.Last;

    public event Action<ThermometerMeasurement>? Completed;

    public event Action<ThermometerMeasurement>? Failed;

    /// <summary>How long one reading takes with the configured method.</summary>
    public TimeSpan ReadingTime => _options.Method switch
    {
        ThermometerMethod.Tympanic => TimeSpan.FromSeconds(1),
        ThermometerMethod.TemporalArtery => TimeSpan.FromSeconds(3),
        _ => TimeSpan.FromSeconds(10),
    };

    /// <summary>One reading started at <paramref name="startTimeNs"/>; returns at once, events raised before returning.</summary>
    /// <param name="coreCelsius">The patient's true core temperature; drawn from the profile when null.</param>
    public ThermometerMeasurement Measure(string sessionId, long startTimeNs, double? coreCelsius = null)
        => Finish(Simulate(sessionId, DeviceClock.RoundToMs(startTimeNs), coreCelsius));

    /// <summary>One reading in real time on the options' TimeProvider: completes after <see cref="ReadingTime"/>.</summary>
    public async Task<ThermometerMeasurement> MeasureAsync(string sessionId, double? coreCelsius = null, CancellationToken cancellationToken = default)
    {
        var measurement = Simulate(sessionId, DeviceClock.RoundToMs(DeviceClock.NowNs(_options.TimeProvider)), coreCelsius);
        await DeviceClock.DelayUntilAsync(_options.TimeProvider, measurement.EndTimeNs, cancellationToken).ConfigureAwait(false);
        return Finish(measurement);
    }

    private ThermometerMeasurement Simulate(string sessionId, long startNs, double? coreCelsius)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var core = coreCelsius ?? _options.Profile switch
        {
            TemperatureProfile.Normal => _random.NextGaussian(36.9, 0.3, 36.1, 37.6),
            TemperatureProfile.Fever => _random.NextGaussian(38.8, 0.5, 38.0, 40.5),
            TemperatureProfile.Hypothermia => _random.NextGaussian(34.8, 0.6, 33.0, 35.5),
            _ => throw new InvalidOperationException($"unknown profile {_options.Profile}"),
        };

        // Offset to core and scatter of each method: what a careful user gets, not the lab accuracy.
        var (offset, scatter) = _options.Method switch
        {
            ThermometerMethod.Tympanic => (-0.05, 0.2),
            ThermometerMethod.TemporalArtery => (-0.2, 0.25),
            _ => (-0.3, 0.15),
        };
        var celsius = core + offset + _random.NextGaussian(0, scatter);
        var end = startNs + DeviceClock.RoundToMs(ReadingTime.Ticks * 100);
        var fahrenheit = _options.Unit == TemperatureUnit.Fahrenheit;
        var measurement = new ThermometerMeasurement
        {
            DeviceId = _options.DeviceId,
            SessionId = sessionId,
            Outcome = ThermometerOutcome.Success,
            Method = _options.Method,
            StartTimeNs = startNs,
            EndTimeNs = end,
            Ucum = fahrenheit ? "[degF]" : "Cel",
            CoreCelsius = Math.Round(core, 2),
        };

        if (celsius < _options.MinDisplayCelsius)
        {
            return measurement with { Outcome = ThermometerOutcome.BelowRange };
        }

        if (celsius > _options.MaxDisplayCelsius)
        {
            return measurement with { Outcome = ThermometerOutcome.AboveRange };
        }

        // The device converts before rounding, as its display does, so 37.0 °C shows 98.6 °F.
        return measurement with { Value = Math.Round(fahrenheit ? (celsius * 9 / 5) + 32 : celsius, 1) };
    }

    private ThermometerMeasurement Finish(ThermometerMeasurement measurement)
    {
        var t = measurement.EndTimeNs;
        if (measurement.Value is not { } value)
        {
            // "Lo"/"Hi" on the display: sent as an event (a 43.5 °C "Hi" is a finding, not a blank).
            var text = measurement.Outcome == ThermometerOutcome.BelowRange ? "Lo: below the display range" : "Hi: above the display range";
            var failed = measurement with { Batch = Observations.EventBatch(_options.DeviceId, _options.SiteId, measurement.SessionId, _seq.Next(), t, Observations.Event("out-of-range", CodeCatalog.BodyTemperature, text, t)) };
            Failed?.Invoke(failed);
            return failed;
        }

        var done = measurement with
        {
            Batch = Observations.Batch(_options.DeviceId, _options.SiteId, measurement.SessionId, _seq.Next(), t,
                Observations.Create(CodeCatalog.BodyTemperature, value, measurement.Ucum, t)),
        };
        Completed?.Invoke(done);
        return done;
    }
}
