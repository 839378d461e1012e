using System.Globalization;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Storage;

namespace TeleSante.LiveView.Internal;

/// <summary>Turns accepted batches and stored recordings into the frames viewers receive.</summary>
internal static class FrameBuilder
{
    /// <summary>The live frame of an accepted batch (Seq is assigned when the session publishes it).
    /// Samples are copied once here; the frame is then shared, read-only, by every viewer.</summary>
    public static LiveFrame FromBatch(ReadingBatch batch, long acceptedNs)
    {
        // Empty parts share one empty array: most batches carry vitals only, or samples only.
        var chunks = batch.Waveforms.Count == 0 ? [] : new LiveChunk[batch.Waveforms.Count];
        for (var i = 0; i < chunks.Length; i++)
        {
            var chunk = batch.Waveforms[i];
            var channels = new LiveChannel[chunk.Channels.Count];
            for (var c = 0; c < channels.Length; c++)
            {
                var channel = chunk.Channels[c];
                var samples = new int[channel.Samples.Count];
                channel.Samples.CopyTo(samples, 0);
                channels[c] = new LiveChannel
                {
                    MdcCode = channel.MdcCode,
                    Label = WaveformLabel(channel.MdcCode),
                    Gain = channel.Gain,
                    Baseline = channel.Baseline,
                    Unit = channel.Unit,
                    Samples = samples,
                };
            }

            chunks[i] = new LiveChunk
            {
                StartTimeNs = chunk.StartTimeNs,
                SampleRateHz = chunk.SampleRateHz,
                SampleCount = channels.Length == 0 ? 0 : channels[0].Samples.Length,
                Channels = channels,
            };
        }

        var vitals = batch.Observations.Count == 0 ? [] : new LiveVital[batch.Observations.Count];
        for (var i = 0; i < vitals.Length; i++)
        {
            var o = batch.Observations[i];
            vitals[i] = Vital(batch.DeviceId, o.MdcCode, o.Loinc, o.Value, o.Unit, o.TimeNs);
        }

        var events = batch.Events.Count == 0 ? [] : new LiveEvent[batch.Events.Count];
        for (var i = 0; i < events.Length; i++)
        {
            var e = batch.Events[i];
            events[i] = Event(batch.DeviceId, e.Code, e.MdcCode, e.Text, e.TimeNs);
        }

        return new LiveFrame
        {
            SessionId = batch.SessionId,
            Source = LiveFrame.LiveSource,
            DeviceId = batch.DeviceId,
            BatchSeq = batch.Seq,
            DeviceTimeNs = batch.DeviceTimeNs,
            AcceptedTimeNs = acceptedNs,
            Waveforms = chunks,
            Vitals = vitals,
            Events = events,
        };
    }

    /// <summary>
    /// Frames of a stored recording, in time order: one frame per chunk of at most
    /// <paramref name="maxChunkSeconds"/> (channels of one device recorded together share a chunk) and
    /// one per device and measurement time for observations. A gap in the recording stays a gap:
    /// segments are never joined, so the viewer sees the hole exactly where storage has one.
    /// </summary>
    public static List<LiveFrame> FromRecording(
        string sessionId,
        IReadOnlyList<WaveformChannelRecording> waveforms,
        IReadOnlyList<ObservationRecord> observations,
        string source,
        double maxChunkSeconds,
        IReadOnlyList<DeviceEventRecord>? events = null)
    {
        var timed = new List<(long Time, int Order, LiveFrame Frame)>();
        var groups = waveforms
            .SelectMany(w => w.Segments.Select(s => (Recording: w, Segment: s)))
            .GroupBy(x => (x.Recording.DeviceId, x.Segment.StartTimeNs, x.Segment.SampleRateHz, x.Segment.Samples.Length));
        foreach (var group in groups)
        {
            var (deviceId, startNs, rate, length) = group.Key;
            var members = group.OrderBy(x => LeadOrder(x.Recording.MdcCode)).ThenBy(x => x.Recording.MdcCode).ToList();
            var perChunk = Math.Max(1, (int)Math.Round(rate * maxChunkSeconds));
            for (var offset = 0; offset < length; offset += perChunk)
            {
                var count = Math.Min(perChunk, length - offset);
                var chunkStart = startNs + (long)Math.Round(offset * 1e9 / rate);
                var channels = members.Select(m => new LiveChannel
                {
                    MdcCode = m.Recording.MdcCode,
                    Label = m.Recording.Label ?? WaveformLabel(m.Recording.MdcCode),
                    Gain = m.Segment.Gain,
                    Baseline = m.Segment.Baseline,
                    Unit = m.Segment.Unit,
                    Samples = m.Segment.Samples.AsSpan(offset, count).ToArray(),
                }).ToArray();
                var frame = new LiveFrame
                {
                    SessionId = sessionId,
                    Source = source,
                    DeviceId = deviceId,
                    Waveforms = [new LiveChunk { StartTimeNs = chunkStart, SampleRateHz = rate, SampleCount = count, Channels = channels }],
                };
                timed.Add((chunkStart, 0, frame));
            }
        }

        foreach (var group in observations.GroupBy(o => (o.DeviceId, o.TimeNs)))
        {
            var frame = new LiveFrame
            {
                SessionId = sessionId,
                Source = source,
                DeviceId = group.Key.DeviceId,
                Vitals = [.. group.Select(o => Vital(o.DeviceId, o.MdcCode, o.Loinc, o.Value, o.Unit, o.TimeNs))],
            };
            timed.Add((group.Key.TimeNs, 1, frame));
        }

        foreach (var group in (events ?? []).GroupBy(e => (e.DeviceId, e.TimeNs)))
        {
            var frame = new LiveFrame
            {
                SessionId = sessionId,
                Source = source,
                DeviceId = group.Key.DeviceId,
                Events = [.. group.Select(e => Event(e.DeviceId, e.Code, e.MdcCode, e.Text, e.TimeNs))],
            };
            timed.Add((group.Key.TimeNs, 2, frame));
        }

        return [.. timed.OrderBy(t => t.Time).ThenBy(t => t.Order).Select(t => t.Frame)];
    }

    /// <summary>Time of the earliest reading of the frame (first sample, measurement or event), ns.</summary>
    public static long StartNs(LiveFrame frame) => Bounds(frame).StartNs;

    /// <summary>Time just after the latest reading of the frame (end of its last chunk, or its latest measurement or event), ns.</summary>
    public static long EndNs(LiveFrame frame) => Bounds(frame).EndNs;

    /// <summary>(earliest, latest) over chunks, vitals and events; (0, 0) for an empty frame.</summary>
    private static (long StartNs, long EndNs) Bounds(LiveFrame frame)
    {
        long start = long.MaxValue, end = long.MinValue;
        foreach (var chunk in frame.Waveforms)
        {
            start = Math.Min(start, chunk.StartTimeNs);
            end = Math.Max(end, chunk.EndTimeNs);
        }

        foreach (var vital in frame.Vitals)
        {
            start = Math.Min(start, vital.TimeNs);
            end = Math.Max(end, vital.TimeNs);
        }

        foreach (var deviceEvent in frame.Events)
        {
            start = Math.Min(start, deviceEvent.TimeNs);
            end = Math.Max(end, deviceEvent.TimeNs);
        }

        return (start == long.MaxValue ? 0 : start, end == long.MinValue ? 0 : end);
    }

    /// <summary>[first sample, after last sample) of the frame's waveforms, ns; (0, 0) without waveforms.</summary>
    public static (long StartNs, long EndNs) WaveformRange(LiveFrame frame)
    {
        if (frame.Waveforms.Length == 0)
        {
            return (0, 0);
        }

        long start = long.MaxValue, end = long.MinValue;
        foreach (var chunk in frame.Waveforms)
        {
            start = Math.Min(start, chunk.StartTimeNs);
            end = Math.Max(end, chunk.EndTimeNs);
        }

        return (start, end);
    }

    public static LiveVital Vital(string deviceId, uint mdc, string? loinc, double value, string unit, long timeNs)
    {
        var code = CodeCatalog.FindObservation(mdc);
        return new LiveVital
        {
            DeviceId = deviceId,
            MdcCode = mdc,
            RefId = code?.RefId ?? string.Empty,
            Label = code?.Display ?? mdc.ToString(CultureInfo.InvariantCulture),
            Loinc = loinc ?? string.Empty,
            Value = value,
            Unit = unit,
            TimeNs = timeNs,
        };
    }

    public static LiveEvent Event(string deviceId, string code, uint mdc, string text, long timeNs)
    {
        var definition = DeviceEventCatalog.Find(code);
        return new LiveEvent
        {
            DeviceId = deviceId,
            Code = code,
            Label = definition?.Display ?? code,
            Kind = definition?.Kind.ToString() ?? string.Empty,
            MdcCode = mdc,
            Text = text,
            TimeNs = timeNs,
        };
    }

    private static string WaveformLabel(uint mdc) => CodeCatalog.FindWaveform(mdc)?.Label ?? mdc.ToString(CultureInfo.InvariantCulture);

    private static int LeadOrder(uint mdc)
    {
        var index = -1;
        for (var i = 0; i < CodeCatalog.TwelveLeads.Count; i++)
        {
            if (CodeCatalog.TwelveLeads[i] == mdc)
            {
                index = i;
                break;
            }
        }

        return index < 0 ? int.MaxValue : index;
    }
}
