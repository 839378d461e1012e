using System.Threading.Channels;
using Microsoft.Extensions.Options;
using TeleSante.Storage;

namespace TeleSante.LiveView.Internal;

/// <summary>
/// Review mode: a stored recording streamed as frames, read from storage window by window so memory
/// stays bounded whatever the range. The stream waits for the viewer (it never drops: a review must be
/// complete); the samples are exactly the stored ones, and gaps in the recording stay gaps.
/// </summary>
internal sealed class RecordingReplay(IRecordingReader recordings, IOptions<LiveViewOptions> options, ILogger<RecordingReplay> logger)
{
    private readonly LiveViewOptions _options = options.Value;

    /// <summary>The message a viewer gets when the recording cannot be read.</summary>
    public const string FailureMessage = "The recording could not be read from storage; try again later.";

    /// <summary>Starts reading [<paramref name="fromNs"/>, <paramref name="toNs"/>). A failure ends the stream
    /// with <paramref name="failure"/>(<see cref="FailureMessage"/>): the host's exception type that its
    /// transport shows the viewer (the gateway: a HubException), never a hang or a stream that looks complete.</summary>
    public ChannelReader<LiveFrame> Start(string sessionId, long fromNs, long toNs, Func<string, Exception> failure, CancellationToken cancellationToken)
    {
        var frames = Channel.CreateBounded<LiveFrame>(new BoundedChannelOptions(32)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
        _ = ProduceAsync(frames.Writer, sessionId, fromNs, toNs, failure, cancellationToken);
        return frames.Reader;
    }

    private async Task ProduceAsync(ChannelWriter<LiveFrame> writer, string sessionId, long fromNs, long toNs, Func<string, Exception> failure, CancellationToken cancellationToken)
    {
        var windowNs = (long)(_options.ReplayWindowSeconds * 1e9);
        long seq = 0;
        try
        {
            for (var start = fromNs; start < toNs; start += windowNs)
            {
                var end = Math.Min(toNs, start + windowNs);
                var waveforms = await recordings.ReadWaveformsAsync(sessionId, start, end, cancellationToken).ConfigureAwait(false);
                var observations = await recordings.ReadObservationsAsync(sessionId, start, end, cancellationToken).ConfigureAwait(false);
                var events = await recordings.ReadEventsAsync(sessionId, start, end, cancellationToken).ConfigureAwait(false);
                foreach (var frame in FrameBuilder.FromRecording(sessionId, waveforms, observations, LiveFrame.ReplaySource, 1.0, events))
                {
                    await writer.WriteAsync(frame with { Seq = ++seq }, cancellationToken).ConfigureAwait(false);
                }
            }

            writer.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The viewer cancelled the stream or went away.
            writer.TryComplete();
        }
        catch (Exception ex)
        {
            // Nothing awaits this task: whatever failed (storage unreachable, an unreadable row), the
            // stream must end with an error the viewer sees, never hang or look complete.
            LiveViewLog.ReplayFailed(logger, ex, sessionId);
            writer.TryComplete(failure(FailureMessage));
        }
    }
}
