using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace TeleSante.LiveView.Internal;

/// <summary>
/// Frames this gateway accepted, and its analysis results, waiting to be published to the other gateways (LiveView:Redis).
/// Written by <see cref="LiveFanOut"/> on the ingestion path, so a write never waits: when the relay
/// falls behind, the oldest frame is dropped and counted (STYLE.md: only the live view may drop).
/// Disabled (every call a no-op) when LiveView:Redis is empty.
/// </summary>
internal sealed class LiveRelayOutbox
{
    private readonly Channel<LiveRelayItem>? _messages;
    private long _dropped;
    private long _offered;

    public LiveRelayOutbox(IOptions<LiveViewOptions> options)
    {
        if (options.Value.ScaleOut)
        {
            _messages = Channel.CreateBounded<LiveRelayItem>(
                new BoundedChannelOptions(options.Value.RedisPublishBufferFrames)
                {
                    FullMode = BoundedChannelFullMode.DropOldest,
                    SingleReader = true,
                    SingleWriter = false, // batches of several devices complete concurrently
                },
                _ => Interlocked.Increment(ref _dropped));
        }
    }

    public bool Enabled => _messages is not null;

    /// <summary>Frames not published: dropped here when full, or by the relay while Redis was unreachable.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<LiveRelayItem> Reader => _messages?.Reader ?? throw new InvalidOperationException("LiveView:Redis is not set.");

    /// <summary>Messages offered since start (published, dropped or waiting).</summary>
    public long Offered => Interlocked.Read(ref _offered);

    /// <summary>Never blocks; may drop the oldest waiting message.</summary>
    public void Offer(LiveFrame frame) => Offer(new LiveRelayItem(frame, null));

    /// <summary>Never blocks; may drop the oldest waiting message.</summary>
    public void Offer(LiveAnalysis analysis) => Offer(new LiveRelayItem(null, analysis));

    public void CountDrop() => Interlocked.Increment(ref _dropped);

    private void Offer(LiveRelayItem item)
    {
        if (_messages is not null)
        {
            Interlocked.Increment(ref _offered);
            _messages.Writer.TryWrite(item);
        }
    }

    public void Complete() => _messages?.Writer.TryComplete();
}
