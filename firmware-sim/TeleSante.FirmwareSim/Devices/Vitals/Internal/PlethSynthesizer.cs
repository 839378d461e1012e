namespace TeleSante.FirmwareSim.Devices.Vitals.Internal;

/// <summary>
/// A photoplethysmogram: per beat a fast systolic upstroke and a smaller diastolic (dicrotic) wave,
/// as two Gaussians over the beat's phase, on a baseline with respiratory modulation. Keeps beat
/// onsets so the device can compute pulse rate from the signal, as a real oximeter does.
/// </summary>
internal sealed class PlethSynthesizer(Random random, double sampleRateHz)
{
    /// <summary>The device derives pulse rate from the beats of this many last seconds.</summary>
    private const double PulseWindowSeconds = 8;

    private readonly List<double> _onsets = [];
    private long _sample;
    private double _onset;
    private double _rr = 1;
    private double _nextOnset = random.NextDouble() * 0.5;
    private double _stroke = 1;

    /// <summary>Seconds of signal generated so far.</summary>
    public double Time => _sample / sampleRateHz;

    /// <summary>Writes the next samples (physical values clamped to 0..1).</summary>
    public void Generate(Span<double> output, OximeterPatient patient, bool motion)
    {
        // Pleth amplitude grows with perfusion; displays auto-scale, so compress the range.
        var ac = Math.Clamp(0.15 * Math.Sqrt(patient.PerfusionIndexPercent), 0.04, 0.6);
        for (var i = 0; i < output.Length; i++)
        {
            var t = _sample / sampleRateHz;
            while (t >= _nextOnset)
            {
                var meanRr = 60.0 / patient.PulseRatePerMin;
                _onset = _nextOnset;
                _rr = patient.IrregularRhythm ? meanRr * random.NextUniform(0.6, 1.4) : meanRr * (1 + random.NextGaussian(0, 0.03));
                // Frank–Starling: a longer filling time gives a larger stroke volume.
                _stroke = Math.Sqrt(_rr / meanRr);
                _nextOnset += _rr;
                _onsets.Add(_onset);
                if (_onsets.Count > 64)
                {
                    _onsets.RemoveRange(0, 32);
                }
            }

            var phase = (t - _onset) / _rr;
            var systolic = Math.Exp(-Square((phase - 0.2) / 0.08));
            var dicrotic = 0.45 * Math.Exp(-Square((phase - 0.48) / 0.1));
            var respiration = 0.03 * Math.Sin(2 * Math.PI * 0.25 * t);
            var value = 0.5 + (ac * _stroke * (systolic + dicrotic - 0.45)) + respiration;
            if (motion)
            {
                // Hand movement sits in the same 0.5–5 Hz band as the pulse, which is why an oximeter
                // cannot filter it out and must withhold SpO2 instead.
                value += (0.25 * Math.Sin((2 * Math.PI * 1.3 * t) + 0.7)) + (0.12 * Math.Sin((2 * Math.PI * 3.1 * t) + 2.1)) + random.NextGaussian(0, 0.05);
            }

            output[i] = Math.Clamp(value, 0, 1);
            _sample++;
        }
    }

    /// <summary>Pulse rate from the beat onsets of the last few seconds, or null with too few beats.</summary>
    public double? PulseRate()
    {
        var now = Time;
        var recent = _onsets.Where(o => o > now - PulseWindowSeconds && o <= now).ToList();
        if (recent.Count < 3)
        {
            return null;
        }

        return 60.0 * (recent.Count - 1) / (recent[^1] - recent[0]);
    }

    private static double Square(double x) => x * x;
}
