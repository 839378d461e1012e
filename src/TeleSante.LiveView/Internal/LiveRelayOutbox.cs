using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace TeleSante.LiveView.Internal;

/// <summary>
/// Frames this gateway accepted, waiting to be published to the other gateways (LiveView:Redis).
/// Written by <see cref="LiveFanOut"/> on the ingestion path, so a write never waits: when the relay
/// falls behind, the oldest frame is dropped and counted (STYLE.md: only the live view may drop).
/// Disabled (every call a no-op) when LiveView:Redis is empty.
/// </summary>
internal sealed class LiveRelayOutbox
{
    private readonly Channel<LiveFrame>? _frames;
    private long _dropped;

    public LiveRelayOutbox(IOptions<LiveViewOptions> options)
    {
        if (options.Value.ScaleOut)
        {
            _frames = Channel.CreateBounded<LiveFrame>(
                new BoundedChannelOptions(options.Value.RedisPublishBufferFrames)
                {
                    FullMode = BoundedChannelFullMode.DropOldest,
                    SingleReader = true,
                    SingleWriter = false, // batches of several devices complete concurrently
                },
                _ => Interlocked.Increment(ref _dropped));
        }
    }

    public bool Enabled => _frames is not null;

    /// <summary>Frames not published: dropped here when full, or by the relay while Redis was unreachable.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<LiveFrame> Reader => _frames?.Reader ?? throw new InvalidOperationException("LiveView:Redis is not set.");

    /// <summary>Never blocks; may drop the oldest waiting frame.</summary>
    public void Offer(LiveFrame frame) => _frames?.Writer.TryWrite(frame);

    public void CountDrop() => Interlocked.Increment(ref _dropped);

    public void Complete() => _frames?.Writer.TryComplete();
}
