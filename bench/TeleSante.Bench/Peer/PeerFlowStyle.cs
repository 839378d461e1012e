namespace TeleSante.Bench.Peer;

/// <summary>How the peer's flow batches points for the InfluxDB batch node (see <see cref="PeerFlow"/>).</summary>
public enum PeerFlowStyle
{
    /// <summary>The function node keeps the batch and sends it at a point count or on a timer.</summary>
    Function,

    /// <summary>One message per observation into the core join node (count or timeout).</summary>
    Join,
}
