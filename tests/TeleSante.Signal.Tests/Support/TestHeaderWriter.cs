using System.Globalization;
using System.Text;
using TeleSante.Signal.Wfdb;

namespace TeleSante.Signal.Tests.Support;

/// <summary>
/// Writes header(5) text from models, and states independently what a reader must make of it
/// (the man page's defaults for every omitted field).
/// </summary>
internal static class TestHeaderWriter
{
    public static string Write(RecordLineModel record, IReadOnlyList<SignalLineModel> signals, IReadOnlyList<string> comments)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;

        // Comments may come first, between and after lines; put one before the record line when there is any.
        if (comments.Count > 0)
        {
            text.Append("# ").Append(comments[0]).Append('\n');
        }

        var fields = new List<string> { record.Name, signals.Count.ToString(c) };
        var frequency = record.Frequency.ToString("R", c);
        if (record.CounterFrequency is { } counter)
        {
            frequency += "/" + counter.ToString("R", c);
            if (record.BaseCounter is { } baseCounter)
            {
                frequency += "(" + baseCounter.ToString("R", c) + ")";
            }
        }

        fields.Add(frequency);
        fields.Add(record.SampleCount.ToString(c));
        fields.Add($"{(int)record.BaseTime.TotalHours}:{record.BaseTime.Minutes:00}:{record.BaseTime.Seconds:00}");
        fields.Add(record.BaseDate.ToString("dd/MM/yyyy", c));
        text.AppendJoin(' ', fields.Take(record.FieldCount)).Append('\n');

        foreach (var s in signals)
        {
            var format = s.Format.ToString(c)
                + (s.SamplesPerFrame is { } spf ? "x" + spf.ToString(c) : "")
                + (s.Skew is { } skew ? ":" + skew.ToString(c) : "")
                + (s.ByteOffset is { } offset ? "+" + offset.ToString(c) : "");
            var gain = s.Gain.ToString("R", c)
                + (s.Baseline is { } baseline ? "(" + baseline.ToString(c) + ")" : "")
                + (s.Units is { } units ? "/" + units : "");
            string[] line =
            [
                s.FileName, format, gain, s.Resolution.ToString(c), s.AdcZero.ToString(c), s.InitialValue.ToString(c),
                s.Checksum.ToString(c), s.BlockSize.ToString(c), s.Description,
            ];
            text.AppendJoin('\t', line.Take(s.FieldCount)).Append('\n');
            if (comments.Count > 1)
            {
                text.Append('\n');
            }
        }

        foreach (var comment in comments.Skip(1))
        {
            text.Append('#').Append(comment).Append("\r\n");
        }

        return text.ToString();
    }

    public static WfdbHeader Expected(RecordLineModel record, IReadOnlyList<SignalLineModel> signals, IReadOnlyList<string> comments)
    {
        var n = record.FieldCount;
        return new WfdbHeader
        {
            Name = record.Name,
            SamplingFrequency = n >= 3 ? record.Frequency : 250,
            CounterFrequency = n >= 3 ? record.CounterFrequency : null,
            BaseCounterValue = n >= 3 && record.CounterFrequency is not null ? record.BaseCounter : null,
            SampleCount = n >= 4 ? record.SampleCount : 0,
            BaseTime = n >= 5 ? record.BaseTime : null,
            BaseDate = n >= 6 ? record.BaseDate : null,
            Signals = signals.Select((s, i) => ExpectedSignal(record.Name, i, s)).ToList(),
            Comments = comments.Select(c => c.Trim()).ToList(),
        };
    }

    private static WfdbSignalSpec ExpectedSignal(string recordName, int index, SignalLineModel s)
    {
        var k = s.FieldCount;
        var gainGiven = k >= 3 && s.Gain != 0;
        var adcZero = k >= 5 ? s.AdcZero : 0;
        return new WfdbSignalSpec
        {
            FileName = s.FileName,
            Format = s.Format,
            SamplesPerFrame = s.SamplesPerFrame ?? 1,
            Skew = s.Skew ?? 0,
            ByteOffset = s.ByteOffset ?? 0,
            Gain = gainGiven ? s.Gain : 200,
            GainIsDefault = !gainGiven,
            Baseline = k >= 3 && s.Baseline is { } baseline ? baseline : adcZero,
            Units = k >= 3 && s.Units is { } units ? units : "mV",
            AdcResolution = k >= 4 && s.Resolution != 0 ? s.Resolution : s.Format switch { 212 => 12, 80 => 8, _ => 16 },
            AdcZero = adcZero,
            InitialValue = k >= 6 ? s.InitialValue : adcZero,
            Checksum = k >= 7 ? s.Checksum : null,
            BlockSize = k >= 8 ? s.BlockSize : 0,
            Description = k >= 9 ? s.Description.Trim() : $"record {recordName}, signal {index}",
        };
    }
}
