namespace TeleSante.StationAgent.Internal;

/// <summary>What the framer cut out of the byte stream of a port.</summary>
internal readonly record struct SerialFrame(SerialFrameKind Kind, byte[] Bytes, long DiscardedBytes = 0);
