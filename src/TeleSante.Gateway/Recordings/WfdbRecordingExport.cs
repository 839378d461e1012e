using System.Globalization;
using System.IO.Compression;
using TeleSante.Analysis;
using TeleSante.Analysis.Beats;
using TeleSante.Analysis.Ml;
using TeleSante.Analysis.Quality;
using TeleSante.Domain.Codes;
using TeleSante.Signal.Wfdb;
using TeleSante.Storage;

namespace TeleSante.Gateway.Recordings;

/// <summary>
/// One device's stored ECG as a WFDB record in a zip (record.hea, record.dat, record.atr). Samples are the stored ADC
/// values with their stored gain, baseline and unit (bit-exact); frame 0 is the earliest stored sample of the range and a
/// frame with no stored sample of a lead (a gap, or a lead that started later) is −32768, WFDB's invalid sample. The
/// annotations are the beats <see cref="QrsDetector"/> finds over all exported leads together, coded from their class
/// (<see cref="CodeOf"/>), on channel 0. With the beat model (Analysis:BeatModelPath) each beat is classified as the
/// stream analysis does (features on lead II, else the first lead; noise marked; N, S, V, and Q in noise); without it
/// every beat is Q.
/// </summary>
internal static class WfdbRecordingExport
{
    public const string RecordName = "record";

    /// <summary>The zip, or the reason the stored data cannot be written as WFDB format 16 (an answer 422).</summary>
    public static (byte[]? Zip, string? Refusal) Build(string sessionId, string deviceId, IReadOnlyList<WaveformChannelRecording> channels, BeatClassifier? classifier)
    {
        var leads = channels
            .Where(c => c.DeviceId == deviceId && CodeCatalog.FindWaveform(c.MdcCode)?.Kind == WaveformKind.Ecg && c.Segments.Count > 0)
            .OrderBy(c => LeadOrder(c.MdcCode))
            .ToList();
        if (leads.Count == 0)
        {
            return (null, null);
        }

        var segments = leads.SelectMany(c => c.Segments).ToList();
        var rate = segments[0].SampleRateHz;
        if (segments.Any(s => s.SampleRateHz != rate))
        {
            return (null, "the device's ECG leads were stored at different sample rates; WFDB format 16 holds one frame rate");
        }

        var startNs = segments.Min(s => s.StartTimeNs);
        var frames = segments.Max(s => Offset(s, startNs, rate) + s.Samples.LongLength);
        if (frames > Array.MaxLength)
        {
            return (null, $"{frames} frames are too many for one export; ask for a shorter range");
        }

        var signals = new List<WfdbOutputSignal>(leads.Count);
        foreach (var lead in leads)
        {
            var first = lead.Segments[0];
            if (lead.Segments.Any(s => s.Gain != first.Gain || s.Baseline != first.Baseline || s.Unit != first.Unit))
            {
                return (null, $"lead {Label(lead)} changed gain, baseline or unit within the range; export the parts separately");
            }

            var samples = new int[frames];
            Array.Fill(samples, WfdbWriter.InvalidSample);
            foreach (var segment in lead.Segments)
            {
                var at = Offset(segment, startNs, rate);
                for (var i = 0; i < segment.Samples.Length; i++)
                {
                    var value = segment.Samples[i];
                    if (value is <= short.MinValue or > short.MaxValue)
                    {
                        // -32768 would read back as "no sample": refuse rather than alter or hide a stored value.
                        return (null, $"lead {Label(lead)} holds the value {value} at {segment.StartTimeNs + (long)(i * 1e9 / rate)} ns, which format 16 cannot store (-32767..32767)");
                    }

                    samples[at + i] = value;
                }
            }

            signals.Add(new WfdbOutputSignal(Label(lead), first.Gain, first.Baseline, first.Unit, samples));
        }

        var (annotations, detection) = Beats(signals, leads, rate, classifier);
        var comments = new List<string>
        {
            $"TeleSante WFDB export: session {sessionId}, device {deviceId}",
            string.Create(CultureInfo.InvariantCulture, $"frame 0 at {startNs} ns since 1970-01-01T00:00:00Z ({DateTimeOffset.UnixEpoch.AddTicks(startNs / 100):O})"),
            "frames without a stored sample are -32768 (WFDB invalid sample)",
            detection,
        };

        // A zip entry is written one at a time, and the writer produces header and signal file together.
        using var header = new MemoryStream();
        using var data = new MemoryStream();
        WfdbWriter.WriteRecord(RecordName, rate, signals, comments, header, data);
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(archive, RecordName + ".hea", header);
            Add(archive, RecordName + ".dat", data);
            using var atr = archive.CreateEntry(RecordName + ".atr", CompressionLevel.Fastest).Open();
            WfdbWriter.WriteAnnotations(atr, annotations);
        }

        return (zip.ToArray(), null);
    }

    /// <summary>WFDB code of a beat class (annotation(5)): N, S, V, F, Q; a beat not classified yet is Q (unclassifiable),
    /// never N: the export does not claim a class nobody gave.</summary>
    public static int CodeOf(BeatClass beatClass) => beatClass switch
    {
        BeatClass.N => WfdbAnnotationCode.Normal,
        BeatClass.S => WfdbAnnotationCode.SupraventricularPremature,
        BeatClass.V => WfdbAnnotationCode.PrematureVentricular,
        BeatClass.F => WfdbAnnotationCode.Fusion,
        _ => WfdbAnnotationCode.Unclassifiable,
    };

    private static (List<WfdbAnnotation> Annotations, string Comment) Beats(List<WfdbOutputSignal> signals, List<WaveformChannelRecording> leads, double rate, BeatClassifier? classifier)
    {
        var options = new QrsDetectorOptions { SampleRateHz = rate };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            return ([], $"beats not detected: {ex.Message}");
        }

        var scales = new double[signals.Count];
        for (var s = 0; s < signals.Count; s++)
        {
            // The detector works in mV; ECG units of the catalogue are mV and uV.
            var perMv = signals[s].Units == "uV" ? 1000.0 : 1.0;
            scales[s] = 1 / (signals[s].Gain * perMv);
        }

        var detector = new QrsDetector(options, signals.Count);
        var sink = new BeatCollector();
        var classified = new BeatFeatureCollector();
        BeatFeatureExtractor? extractor = null;
        if (classifier is not null)
        {
            var lead = leads.FindIndex(l => l.MdcCode == CodeCatalog.TwelveLeads[1]);
            extractor = new BeatFeatureExtractor(new BeatFeatureOptions
            {
                SampleRateHz = rate,
                LeadCount = signals.Count,
                Lead = Math.Max(0, lead),
                Noise = new NoiseMarkerOptions { SampleRateHz = rate },
            }, classified);
        }

        const int BlockFrames = 1024;
        var frames = signals[0].Samples.Length;
        var block = new float[BlockFrames * signals.Count];
        for (var start = 0; start < frames; start += BlockFrames)
        {
            var count = Math.Min(BlockFrames, frames - start);
            for (var f = 0; f < count; f++)
            {
                for (var s = 0; s < signals.Count; s++)
                {
                    var adu = signals[s].Samples[start + f];
                    block[(f * signals.Count) + s] = adu == WfdbWriter.InvalidSample ? float.NaN : (float)((adu - signals[s].Baseline) * scales[s]);
                }
            }

            var part = block.AsSpan(0, count * signals.Count);
            if (extractor is not null)
            {
                extractor.AddSamples(part);
                detector.Process(part, extractor);
            }
            else
            {
                detector.Process(part, sink);
            }
        }

        List<(DetectedBeat Beat, BeatClass Class)> beats;
        if (extractor is not null)
        {
            detector.Flush(extractor);
            extractor.Flush();
            beats = [.. classified.Beats.Select(f => (f.Beat, classifier!.Classify(f, out _)))];
        }
        else
        {
            detector.Flush(sink);
            beats = [.. sink.Beats.Select(b => (b, b.Class))];
        }

        var annotations = beats
            .Select(b => new WfdbAnnotation(b.Beat.SampleIndex, b.Beat.Seconds, CodeOf(b.Class), WfdbAnnotations.MnemonicOf(CodeOf(b.Class)), 0, 0, 0, null))
            .ToList();
        var names = string.Join(",", leads.Select(Label));
        var classes = extractor is null
            ? "no beat model: every beat is coded Q (unclassified)"
            : $"classes from the TeleSante beat model (lead {Label(leads[Math.Max(0, leads.FindIndex(l => l.MdcCode == CodeCatalog.TwelveLeads[1]))])}; Q in noise)";
        return (annotations, string.Create(CultureInfo.InvariantCulture,
            $"beats: {annotations.Count} detected by the TeleSante QRS detector over leads {names}; {classes}"));
    }

    private static void Add(ZipArchive archive, string name, MemoryStream content)
    {
        using var entry = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
        content.Position = 0;
        content.CopyTo(entry);
    }

    private static long Offset(WaveformSegment segment, long startNs, double rate) =>
        (long)Math.Round((segment.StartTimeNs - startNs) * rate / 1e9);

    private static string Label(WaveformChannelRecording channel) =>
        CodeCatalog.FindWaveform(channel.MdcCode)?.Label ?? channel.Label ?? channel.MdcCode.ToString(CultureInfo.InvariantCulture);

    private static int LeadOrder(uint mdc)
    {
        var index = CodeCatalog.TwelveLeads.ToList().IndexOf(mdc);
        return index < 0 ? int.MaxValue : index;
    }
}
