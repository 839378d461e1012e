using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Gateway.LiveView;

namespace TeleSante.LiveView.Tests.Infrastructure;

/// <summary>One lead's samples out of frames or batches, for comparing them sample for sample.</summary>
internal static class FrameSamples
{
    /// <summary>Samples of one lead from frames, in the frames' time order (frames overlapping are not merged).</summary>
    public static List<int> Of(IEnumerable<LiveFrame> frames, uint mdc = CodeCatalog.EcgLeadII) =>
        [.. frames.SelectMany(f => f.Waveforms).OrderBy(c => c.StartTimeNs).SelectMany(c => c.Channels.Where(ch => ch.MdcCode == mdc).SelectMany(ch => ch.Samples))];

    public static List<int> Of(IEnumerable<ReadingBatch> batches, uint mdc = CodeCatalog.EcgLeadII) =>
        [.. batches.OrderBy(b => b.Seq).SelectMany(b => b.Waveforms).SelectMany(c => c.Channels.Where(ch => ch.MdcCode == mdc).SelectMany(ch => ch.Samples))];
}
