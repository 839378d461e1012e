using System.Globalization;
using Microsoft.Extensions.Options;
using TeleSante.Analysis;
using TeleSante.Clinical.Proposals;
using TeleSante.Clinical.Requests;
using TeleSante.Storage;

namespace TeleSante.Gateway.Clinical;

/// <summary>
/// Computes the proposals of an ECG request (issue 12) from the consultation's stored ECG, read through the same
/// <see cref="IRecordingReader"/> as the recording API (session id = consultation id): the attached range (its last
/// <see cref="EcgProposalsOptions.MaxAnalysedSeconds"/>) → the longest uninterrupted stretch of the device's standard leads → the 12-lead
/// <see cref="QrsDetector"/> → the best-quality window (<see cref="EcgWindowChoice"/>) → <c>RestingEcgMeasurer</c> →
/// rhythm statements and triage (<see cref="EcgRhythmAndTriage"/>). What cannot be computed is stored as not computed,
/// with the reason: the submission itself never fails on it.
/// </summary>
internal sealed class EcgProposalsComputer(IRecordingReader reader, IOptions<EcgProposalsOptions> options, EcgRhythmAndTriage rhythm, TimeProvider time)
{
    private readonly EcgProposalsOptions _options = options.Value;

    public async Task<EcgProposals> ComputeAsync(TeleExpertiseRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (request.Attachments.Recordings.Count == 0)
        {
            return EcgProposals.NotComputed(request.Id, "no recording is attached to the request", now);
        }

        string? reason = null;
        foreach (var range in request.Attachments.Recordings)
        {
            var to = range.To;
            var from = range.From > to.AddSeconds(-_options.MaxAnalysedSeconds) ? range.From : to.AddSeconds(-_options.MaxAnalysedSeconds);
            IReadOnlyList<WaveformChannelRecording> channels;
            try
            {
                channels = await reader.ReadWaveformsAsync(request.ConsultationId, Ns(from), Ns(to), cancellationToken).ConfigureAwait(false);
            }
            catch (StorageUnavailableException ex)
            {
                return EcgProposals.NotComputed(request.Id, "the time-series store could not be read: " + ex.Message, now, range.DeviceId);
            }

            var (span, missing) = EcgLeadAssembly.Longest(channels, range.DeviceId);
            if (span is null)
            {
                reason = missing;
                continue;
            }

            return Analyse(request.Id, span, from, to, now);
        }

        return EcgProposals.NotComputed(request.Id, reason ?? "no ECG is stored in the attached ranges", now);
    }

    private EcgProposals Analyse(string requestId, EcgLeadSpan span, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        if (span.SampleRateHz is < 250 or > 1000)
        {
            return EcgProposals.NotComputed(requestId, string.Create(CultureInfo.InvariantCulture, $"ECG sampled at {span.SampleRateHz} Hz; the analysis needs 250–1000 Hz"),
                now, span.DeviceId);
        }

        var detectorOptions = new QrsDetectorOptions { SampleRateHz = span.SampleRateHz };
        var detected = Detection.Run(span.Frames, detectorOptions, span.Leads);
        if (EcgWindowChoice.Best(span, detected.Beats, _options, detectorOptions.LearningSeconds) is not { } chosen)
        {
            return EcgProposals.NotComputed(requestId, string.Create(CultureInfo.InvariantCulture,
                $"{span.FrameCount / span.SampleRateHz:0.#} s of uninterrupted ECG; the measurements need {_options.WindowSeconds + detectorOptions.LearningSeconds:0.#} s ({_options.WindowSeconds:0} s after the detector's learning period)"),
                now, span.DeviceId);
        }

        var windowFrom = span.TimeOf(chosen.StartFrame);
        var windowTo = span.TimeOf(chosen.StartFrame + chosen.Frames);
        var (statements, triage) = rhythm.Of(span, detected);
        return new EcgProposals(requestId, ProposalStatus.Computed, null, now, span.DeviceId, span.TimeOf(0), span.TimeOf(span.FrameCount), windowFrom, windowTo,
            string.Format(CultureInfo.InvariantCulture, EcgWindowChoice.Rule, _options.WindowSeconds, span.FrameCount / span.SampleRateHz, _options.WindowStepSeconds,
                detectorOptions.LearningSeconds) + $"; leads {string.Join(", ", span.LeadLabels)}",
            EcgProposalValues.Of(chosen.Measurements, windowFrom, windowTo, span.IsTwelveLead), statements, triage);
    }

    private static long Ns(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
