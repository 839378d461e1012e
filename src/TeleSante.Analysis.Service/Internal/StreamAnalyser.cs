using TeleSante.Analysis;
using TeleSante.Analysis.Beats;
using TeleSante.Analysis.Ml;
using TeleSante.Analysis.Quality;
using TeleSante.Analysis.Rhythms;
using TeleSante.Analysis.Triage;
using TeleSante.Domain.Codes;

namespace TeleSante.Analysis.Service.Internal;

/// <summary>
/// The analysis of one device's ECG in one session, chunk after chunk: one <see cref="QrsDetector"/> over all the
/// stream's leads, RR, the rate over the last <see cref="AnalysisServiceOptions.RateIntervals"/> intervals, and an AF
/// window every <see cref="AnalysisServiceOptions.AfWindowIntervals"/> intervals. Times are the device's (chunk start +
/// sample index / rate).
/// </summary>
/// <remarks>
/// Beat classes: with a beat model, the detector's beats go through a <see cref="BeatFeatureExtractor"/> (shape taken on
/// lead II when the stream has it, else its first lead; noise marked on that lead) and each beat is reported only once
/// its features are known and it is classified: when the next beat is detected and the noise marker has judged the
/// second holding it, typically 1–2 s after its peak. Rate, AF windows and rhythm statements then follow the classified
/// beats. Beats in a stretch marked noisy are Q, and the stretch is reported as <see cref="NotAnalysedSpan.Noise"/>.
/// Rhythm statements: <see cref="RhythmProposer"/> runs over blocks of about
/// <see cref="AnalysisServiceOptions.RhythmBlockSeconds"/> of beats (a block ends at a beat that is neither V nor Q, so
/// no couplet or run is cut; that beat also opens the next block) and over what remains at a gap or the end.
/// Suggested-urgent statements (<see cref="TriageRules"/>) do not wait for the block: every second of stream time the
/// proposer runs over the block so far, and an urgent statement with at least
/// <see cref="AnalysisServiceOptions.UrgentStatementDelaySeconds"/> of evidence (a pause: at once) is reported
/// provisional, again when it has grown, and the block's own statement of the same code that overlaps it takes its start,
/// so that the three are one statement (<see cref="ProposedRhythmStatement.Id"/>: one point in the store, one line in the
/// viewer). No statement stays provisional once its block has closed (its end, a gap, a change of rate or leads,
/// <see cref="Finish"/> at the end of the stream or when the gateway stops): the block is proposed on the evidence it has,
/// and each provisional statement the block's statements do not include (same code, overlapping) is sent once more,
/// withdrawn (<see cref="ProposedRhythmStatement.NotConfirmed"/>, at the end of the signal analysed), never dropped
/// silently; <see cref="Abandon"/> withdraws them when the analysis fails.
/// </remarks>
/// <remarks>
/// Continuity is judged on the samples' times, as the detector's own gap handling: a chunk that starts more than one
/// sample period after the last one ended is a gap: the detector is flushed (beats still in its filters are reported),
/// the hole is reported as <see cref="NotAnalysedSpan.Gap"/>, and a new detector starts (it relearns for
/// <see cref="QrsDetectorOptions.LearningSeconds"/>; no RR across the gap). A chunk that starts more than one sample
/// period before that end (a late batch, or one overlapping what was analysed) is not analysed again and is reported as
/// <see cref="NotAnalysedSpan.OutOfOrder"/>. A change of rate or of lead set restarts the same way.
/// Not thread-safe: one worker owns a stream.
/// </remarks>
internal sealed class StreamAnalyser : IQrsEventSink, IBeatFeatureSink
{
    private readonly AnalysisServiceOptions _options;
    private readonly AfClassifier? _af;
    private readonly BeatClassifier? _classifier;
    private readonly BeatFeatureOptions? _featureOptions;
    private readonly RhythmProposerOptions _rhythm;
    private readonly RhythmProposer _proposer;
    private readonly List<RhythmProposerBeat> _blockBeats = [];
    private readonly List<RhythmProposerAfWindow> _blockAf = [];
    private readonly List<RhythmProposerGap> _blockGaps = [];
    private readonly List<ProposedRhythmStatement> _statements = [];
    private readonly TriageRules _triage;
    private readonly List<ProposedRhythmStatement> _provisional = []; // reported for the current block, latest version each
    private double _lastUrgentCheck;
    private BeatFeatureExtractor? _extractor;
    private readonly QrsDurationEstimator _qrs;
    private readonly LeadHistory _qrsSignal;
    private readonly int _qrsLead;
    private readonly double _fs;
    private readonly double _nsPerSample;
    private readonly uint[] _leads;
    private readonly double[] _rateRr;
    private readonly long[] _rateTimes;
    private readonly double[] _afRr;
    private readonly long[] _afIndexes;
    private readonly long[] _afTimes;
    private readonly float[] _signal;
    private readonly int _signalKeep;
    private readonly List<AnalysedBeat> _beats = [];
    private readonly List<RhythmEpisode> _rhythms = [];
    private readonly List<NotAnalysedSpan> _spans = [];
    private double[] _pWaveScratch = [];
    private float[] _frames = [];
    private QrsDetector? _detector;
    private long _originNs;
    private long _endNs;
    private int _rateCount;
    private int _afCount;
    private int _signalLength;
    private long _signalStart;
    private bool _newBeat;

    /// <param name="triage">The suggested-urgent rules that decide which statements go out early: the gateway's configured
    /// ones (<c>EcgProposals:Triage</c>, the worklist's); the defaults when null.</param>
    /// <param name="rhythm">The rhythm proposer's limits: the gateway's configured ones (<c>EcgProposals:Rhythm</c>); the
    /// defaults when null.</param>
    public StreamAnalyser(string sessionId, string deviceId, double sampleRateHz, uint[] leads, AnalysisServiceOptions options, AfClassifier? af, BeatClassifier? classifier,
        TriageRules? triage = null, RhythmProposerOptions? rhythm = null)
    {
        _triage = triage ?? new TriageRules();
        _rhythm = rhythm ?? new RhythmProposerOptions();
        _proposer = new RhythmProposer(_rhythm);
        SessionId = sessionId;
        DeviceId = deviceId;
        _fs = sampleRateHz;
        _nsPerSample = 1e9 / sampleRateHz;
        _leads = leads;
        _options = options;
        _af = af;
        _classifier = classifier;
        DetectorOptions = new QrsDetectorOptions { SampleRateHz = sampleRateHz };
        DetectorOptions.Validate();
        // QRS duration per beat (wide-QRS tachycardia) on lead II when the stream has it, else its first lead.
        _qrsLead = Math.Max(0, Array.IndexOf(leads, CodeCatalog.TwelveLeads[1]));
        _qrs = new QrsDurationEstimator(sampleRateHz);
        _qrsSignal = new LeadHistory((int)(QrsHistorySeconds * sampleRateHz));
        if (classifier is not null)
        {
            // Lead II is the lead the model learnt most from (tall R, clear P); a stream without it uses its first lead.
            var lead = Array.IndexOf(leads, CodeCatalog.TwelveLeads[1]);
            _featureOptions = new BeatFeatureOptions
            {
                SampleRateHz = sampleRateHz,
                LeadCount = leads.Length,
                Lead = Math.Max(0, lead),
                Noise = new NoiseMarkerOptions { SampleRateHz = sampleRateHz },
            };
            _featureOptions.Validate();
        }

        _rateRr = new double[options.RateIntervals];
        _rateTimes = new long[options.RateIntervals + 1];
        _afRr = new double[options.AfWindowIntervals];
        _afIndexes = new long[options.AfWindowIntervals];
        _afTimes = new long[options.AfWindowIntervals + 1];
        _signalKeep = (int)(options.SignalSeconds * sampleRateHz);
        _signal = new float[2 * _signalKeep];
    }

    /// <summary>Seconds of the QRS lead kept: beats are reported up to a few seconds after their peak (classification,
    /// the detector's learning); a beat older than this gets no QRS duration.</summary>
    public const double QrsHistorySeconds = 10;

    public string SessionId { get; }

    public string DeviceId { get; }

    public QrsDetectorOptions DetectorOptions { get; }

    /// <summary>End (exclusive) of the signal analysed so far; 0 before the first chunk.</summary>
    public long EndNs => _endNs;

    /// <summary>True when <paramref name="chunk"/> has this stream's rate and leads (in order).</summary>
    public bool Matches(EcgChunk chunk)
    {
        if (chunk.Chunk.SampleRateHz != _fs || chunk.Leads.Length != _leads.Length)
        {
            return false;
        }

        for (var i = 0; i < _leads.Length; i++)
        {
            if (chunk.Leads[i].MdcCode != _leads[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Analyses one chunk of this stream (see the remarks for gaps and late chunks).</summary>
    public AnalysisResult Analyse(EcgChunk chunk, out bool gap)
    {
        gap = false;
        var n = chunk.SampleCount;
        var startNs = chunk.StartNs;
        var endNs = chunk.EndNs;
        if (_detector is not null)
        {
            if (startNs > _endNs + _nsPerSample)
            {
                gap = true;
                var holeFrom = _endNs;
                // What the flush reports (the last beats, a rhythm block) goes out with this chunk's result.
                EndRun();
                _spans.Add(new NotAnalysedSpan(holeFrom, startNs, NotAnalysedSpan.Gap, 0));
            }
            else if (startNs < _endNs - _nsPerSample)
            {
                _spans.Add(new NotAnalysedSpan(startNs, endNs, NotAnalysedSpan.OutOfOrder, 0));
                return TakeResult(startNs, endNs);
            }
        }

        if (_detector is null)
        {
            _detector = new QrsDetector(DetectorOptions, _leads.Length);
            _extractor = _featureOptions is null ? null : new BeatFeatureExtractor(_featureOptions, this);
            _originNs = startNs;
            _signalLength = 0;
            _signalStart = 0;
            _qrsSignal.Reset();
        }

        var frames = Frames(chunk);
        AppendSignal(frames, n);
        var block = frames.AsSpan(0, n * _leads.Length);
        _qrsSignal.Append(block, _leads.Length, _qrsLead);
        if (_extractor is { } extractor)
        {
            // Samples first: a beat never refers to samples the extractor has not seen.
            extractor.AddSamples(block);
            _detector.Process(block, extractor);
        }
        else
        {
            _detector.Process(block, this);
        }

        _endNs = TimeOf(_detector.SamplesProcessed);
        if (_detector.OpenSegment is { } open)
        {
            _spans.Add(new NotAnalysedSpan(TimeOf(open.StartSample), _endNs, ReasonText(open.Reason), 0, Open: true));
        }

        return TakeResult(startNs, endNs);
    }

    /// <summary>Flushes the detector (its last beats, an open segment) and returns what that reported; the next chunk starts afresh.</summary>
    public AnalysisResult Finish()
    {
        var from = _endNs;
        EndRun();
        return TakeResult(from, _endNs);
    }

    private void EndRun()
    {
        if (_detector is not null)
        {
            if (_extractor is { } extractor)
            {
                _detector.Flush(extractor);
                extractor.Flush();
                _extractor = null;
            }
            else
            {
                _detector.Flush(this);
            }

            _detector = null;
        }

        ProposeBlock();
        _blockBeats.Clear();
        _blockAf.Clear();
        _blockGaps.Clear();
        ResetRuns();
    }

    /// <summary>Reports <paramref name="span"/> with the next result.</summary>
    public void Report(NotAnalysedSpan span) => _spans.Add(span);

    public AnalysisResult TakeResult(long fromNs, long toNs)
    {
        RateEstimate? rate = null;
        if (_newBeat && _rateCount > _rateRr.Length)
        {
            Span<double> sorted = stackalloc double[_rateRr.Length];
            _rateRr.CopyTo(sorted);
            sorted.Sort();
            var mid = sorted.Length / 2;
            var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
            var last = (_rateCount - 1) % _rateTimes.Length;
            var first = (_rateCount - 1 - _rateRr.Length) % _rateTimes.Length;
            rate = new RateEstimate(60_000 / median, _rateTimes[first], _rateTimes[last], _rateRr.Length);
        }

        _newBeat = false;
        var result = new AnalysisResult(SessionId, DeviceId, fromNs, toNs, [.. _beats], rate, [.. _rhythms], [.. _spans], [.. _statements]);
        _beats.Clear();
        _statements.Clear();
        _rhythms.Clear();
        _spans.Clear();
        return result;
    }

    /// <summary>A beat straight from the detector (no beat model): reported unclassified.</summary>
    public void OnBeat(in DetectedBeat beat) => Accept(beat, beat.Class, null);

    /// <summary>A beat from the feature extractor (beat model): classified now; Q when it lies in noise.</summary>
    public void OnBeat(in BeatFeatures features) => Accept(features.Beat, _classifier!.Classify(features, out _), features.LocalRrSeconds);

    private void Accept(in DetectedBeat beat, BeatClass cls, float? localRrSeconds)
    {
        var timeNs = TimeOf(beat.SampleIndex);
        var rrMs = beat.RrSeconds * 1000;
        // Measured in noise too: the estimator gives up (null) where noise hides the complex's bounds, and fast wide
        // complexes can read as noise to the noise marker (RhythmProposer, wide-QRS tachycardia).
        var qrsMs = QrsMs(beat.SampleIndex);
        cls = NotNormalWhenWideAndFast(cls, beat.RrSeconds, localRrSeconds, qrsMs);
        _beats.Add(new AnalysedBeat(timeNs, rrMs, cls, qrsMs));
        AddToBlock(beat, cls, qrsMs);
        _newBeat = true;
        if (rrMs is not { } rr)
        {
            ResetRuns();
            _rateTimes[0] = timeNs;
            _rateCount = 1;
            _afTimes[0] = timeNs;
            _afIndexes[0] = beat.SampleIndex;
            _afCount = 0;
            return;
        }

        // Rate: the last RateIntervals RR intervals; _rateCount counts beats of the run.
        if (_rateCount > 0)
        {
            _rateRr[(_rateCount - 1) % _rateRr.Length] = rr;
            _rateTimes[_rateCount % _rateTimes.Length] = timeNs;
            _rateCount++;
        }

        if (_af is not null && _rateCount > 0)
        {
            _afRr[_afCount] = rr / 1000;
            _afIndexes[_afCount] = beat.SampleIndex;
            _afTimes[_afCount + 1] = timeNs;
            _afCount++;
            if (_afCount == _afRr.Length)
            {
                ClassifyWindow();
                _afTimes[0] = timeNs;
                _afCount = 0;
            }
        }
    }

    public void OnUnanalysable(in UnanalysableSegment segment)
    {
        var lead = segment.Lead == UnanalysableSegment.AllLeads ? 0 : _leads[segment.Lead];
        _spans.Add(new NotAnalysedSpan(TimeOf(segment.StartSample), TimeOf(segment.EndSample), ReasonText(segment.Reason), lead));
        if (segment.Lead == UnanalysableSegment.AllLeads)
        {
            _blockGaps.Add(new RhythmProposerGap(segment.StartSample / _fs, segment.EndSample / _fs));
        }
    }

    private static string ReasonText(UnanalysableReason reason) => reason switch
    {
        UnanalysableReason.Flat => NotAnalysedSpan.Flat,
        UnanalysableReason.Noise => NotAnalysedSpan.Noise,
        _ => NotAnalysedSpan.Missing,
    };

    // Seconds in the proposer's input are the detector's (sample index / rate since this run's origin).
    /// <summary>
    /// The beat model judges a beat against the stream's own template; a wide-complex tachycardia analysed from its first
    /// beat becomes that template, and its beats would read N. A cardiologist must not see "normal" under a ventricular
    /// tachycardia on the model's word alone: a wide complex (measured QRS ≥ <see cref="RhythmProposerOptions.WideQrsMs"/>)
    /// at a tachycardic rate (above <see cref="RhythmProposerOptions.TachycardiaAboveBpm"/>) is reported Q, unclassified;
    /// the wide-QRS tachycardia statement says what the run is. A sinus tachycardia with bundle branch block is then Q too:
    /// the cautious side. The rate is the faster of the beat's own RR and the median of the 8 before it, so that a beat
    /// the detector missed (a doubled RR) does not turn its neighbour "normal"; a wide first beat, without RR, is Q too.
    /// </summary>
    private BeatClass NotNormalWhenWideAndFast(BeatClass cls, double? rrSeconds, float? localRrSeconds, double? qrsMs)
    {
        if (cls != BeatClass.N || !(qrsMs >= _rhythm.WideQrsMs))
        {
            return cls;
        }

        var shortest = Math.Min(rrSeconds ?? double.MaxValue, localRrSeconds is > 0 ? localRrSeconds.Value : double.MaxValue);
        return shortest == double.MaxValue || 60 / shortest > _rhythm.TachycardiaAboveBpm ? BeatClass.Q : cls;
    }

    private void AddToBlock(in DetectedBeat beat, BeatClass cls, double? qrsMs)
    {
        var seconds = beat.SampleIndex / _fs;
        _blockBeats.Add(new RhythmProposerBeat(seconds, beat.RrSeconds, cls, qrsMs));
        if (cls is BeatClass.V or BeatClass.Q || beat.RrSeconds is null || seconds - _blockBeats[0].Seconds < _options.RhythmBlockSeconds)
        {
            if (seconds - _lastUrgentCheck >= UrgentCheckSeconds)
            {
                _lastUrgentCheck = seconds;
                ProposeUrgent();
            }

            return;
        }

        ProposeBlock();
        // The closing beat opens the next block (no RR: every interval belongs to one block).
        _blockBeats.Add(new RhythmProposerBeat(seconds, null, cls, qrsMs));
        _blockAf.RemoveAll(w => w.EndSeconds <= seconds);
        _blockGaps.RemoveAll(g => g.EndSeconds <= seconds);
    }

    private void ProposeBlock()
    {
        if (_blockBeats.Count >= 2)
        {
            foreach (var s in _proposer.Propose(_blockBeats, _blockAf, _blockGaps))
            {
                var statement = Proposed(s, provisional: false);
                if (Reported(statement) is { } earlier)
                {
                    // Confirms (and may extend) what was reported early: same id, so one statement, never two. A second
                    // block statement overlapping it (the run split) keeps its own start: one confirmation per id.
                    statement = statement with { StartNs = earlier.StartNs };
                    _provisional.Remove(earlier);
                }

                _statements.Add(statement);
            }
        }

        // Withdrawn as of the block's last beat, or the signal analysed so far when that is later (the end of the stream).
        var closedNs = _blockBeats.Count == 0 ? _endNs : Math.Max(_endNs, TimeOf((long)Math.Round(_blockBeats[^1].Seconds * _fs)));
        WithdrawProvisional(ProposedRhythmStatement.NotConfirmed, closedNs);
        _blockBeats.Clear();
        _lastUrgentCheck = double.NegativeInfinity;
    }

    // What is still provisional after its block closed (or the analysis failed) is withdrawn, said so, never left open.
    private void WithdrawProvisional(string reason, long atNs)
    {
        foreach (var p in _provisional)
        {
            _statements.Add(p.WithdrawnAt(Math.Max(atNs, p.EndNs), reason));
        }

        _provisional.Clear();
    }

    /// <summary>The analysis of this stream failed and it is dropped: what it had sent as provisional is withdrawn
    /// (<see cref="ProposedRhythmStatement.AnalysisFailed"/>); the result holds only statements (those already proposed
    /// too, so that a confirmation is never lost), no beats or spans of the failed chunk.</summary>
    public AnalysisResult Abandon(long fromNs, long toNs)
    {
        _beats.Clear();
        _rhythms.Clear();
        _spans.Clear();
        _newBeat = false;
        WithdrawProvisional(ProposedRhythmStatement.AnalysisFailed, toNs);
        return TakeResult(fromNs, toNs);
    }

    /// <summary>Stream time between two looks at the block so far for urgent statements.</summary>
    public const double UrgentCheckSeconds = 1;

    // The block so far through the proposer and the triage rules: urgent statements with enough evidence go out now.
    private void ProposeUrgent()
    {
        if (_blockBeats.Count < 2)
        {
            return;
        }

        var statements = _proposer.Propose(_blockBeats, _blockAf, _blockGaps);
        foreach (var finding in _triage.Assess(statements).Findings)
        {
            var s = finding.Statement;
            if (s.Code != RhythmStatementCode.Pause && s.EndSeconds - s.StartSeconds < _options.UrgentStatementDelaySeconds)
            {
                continue;
            }

            var statement = Proposed(s, provisional: true);
            var earlier = Reported(statement);
            if (earlier is not null)
            {
                if (earlier.EndNs >= statement.EndNs)
                {
                    continue; // nothing new since it was reported
                }

                statement = statement with { StartNs = earlier.StartNs };
                _provisional.Remove(earlier);
            }

            _provisional.Add(statement);
            _statements.Add(statement);
        }
    }

    // The provisional statement of the same code that overlaps this one, if one was reported in this block.
    private ProposedRhythmStatement? Reported(ProposedRhythmStatement statement)
    {
        foreach (var p in _provisional)
        {
            if (p.Code == statement.Code && p.StartNs <= statement.EndNs && statement.StartNs <= p.EndNs)
            {
                return p;
            }
        }

        return null;
    }

    private ProposedRhythmStatement Proposed(RhythmStatement s, bool provisional) =>
        new(s.Code.Code, s.Code.Display, s.Code.SnomedCt, TimeOf((long)Math.Round(s.StartSeconds * _fs)), TimeOf((long)Math.Round(s.EndSeconds * _fs)), s.Evidence, provisional);

    private void ResetRuns()
    {
        _rateCount = 0;
        _afCount = 0;
    }

    private void ClassifyWindow()
    {
        var features = RrWindowFeatures.Compute(_afRr);
        // P-wave evidence from the first lead over the window's beats, where the kept signal still holds them.
        var from = Math.Max(_signalStart, _afIndexes[0] - (long)Math.Ceiling(PWaveEvidence.SegmentStartSeconds * _fs) - 1);
        var to = _signalStart + _signalLength;
        var length = (int)Math.Max(0, to - from);
        if (_pWaveScratch.Length < length)
        {
            _pWaveScratch = new double[length];
        }

        var offset = (int)(from - _signalStart);
        for (var i = 0; i < length; i++)
        {
            var v = _signal[offset + i];
            _pWaveScratch[i] = float.IsNaN(v) ? 0 : v;
        }

        Span<long> indexes = stackalloc long[_afIndexes.Length];
        for (var i = 0; i < indexes.Length; i++)
        {
            indexes[i] = _afIndexes[i] - from;
        }

        var p = PWaveEvidence.Compute(_pWaveScratch.AsSpan(0, length), indexes, _fs);
        var window = new RhythmWindow(_afTimes[0] / 1e9, _afTimes[_afCount] / 1e9, features, p);
        var prediction = _af!.Predict(window);
        _blockAf.Add(new RhythmProposerAfWindow((_afTimes[0] - _originNs) / 1e9, (_afTimes[_afCount] - _originNs) / 1e9, prediction.PredictedLabel,
            double.IsNaN(p) ? null : p));
        _rhythms.Add(new RhythmEpisode(
            prediction.PredictedLabel ? RhythmEpisode.AfSuspected : RhythmEpisode.AfNotSuspected,
            _afTimes[0],
            _afTimes[_afCount],
            prediction.Probability));
    }

    // Null (not measured) when noise hides the complex's bounds, when it has left the kept history, or when its samples are not all there yet.
    private double? QrsMs(long sampleIndex)
    {
        var at = sampleIndex - _qrsSignal.Start;
        return at is < 0 or > int.MaxValue ? null : _qrs.MeasureMs(_qrsSignal.Samples, (int)at);
    }

    private long TimeOf(long sampleIndex) => _originNs + (long)Math.Round(sampleIndex * _nsPerSample);

    /// <summary>The chunk's leads as interleaved frames in mV (the detector's input; NaN for the invalid value is the
    /// device's business: the proto has none, so every sample is a value).</summary>
    private float[] Frames(EcgChunk chunk)
    {
        var leads = chunk.Leads;
        var n = chunk.SampleCount;
        if (_frames.Length < n * leads.Length)
        {
            _frames = new float[n * leads.Length];
        }

        for (var l = 0; l < leads.Length; l++)
        {
            var channel = leads[l];
            // UCUM: the ECG arrives in mV or uV (CodeCatalog); the detector works in mV.
            var scale = (channel.Unit == "uV" ? 0.001 : 1.0) / channel.Gain;
            var baseline = channel.Baseline;
            var samples = channel.Samples;
            for (var i = 0; i < n; i++)
            {
                _frames[(i * leads.Length) + l] = (float)((samples[i] - baseline) * scale);
            }
        }

        return _frames;
    }

    private void AppendSignal(float[] frames, int n)
    {
        var leads = _leads.Length;
        if (_signalLength + n > _signal.Length)
        {
            // Keep the last SignalSeconds (or what remains after this chunk) contiguous at the start.
            var keep = Math.Max(0, Math.Min(_signalLength, _signal.Length - n));
            keep = Math.Min(keep, _signalKeep);
            var drop = _signalLength - keep;
            Array.Copy(_signal, drop, _signal, 0, keep);
            _signalStart += drop;
            _signalLength = keep;
        }

        var take = Math.Min(n, _signal.Length - _signalLength);
        var skip = n - take;
        _signalStart += skip;
        for (var i = 0; i < take; i++)
        {
            _signal[_signalLength + i] = frames[(skip + i) * leads];
        }

        _signalLength += take;
    }
}
