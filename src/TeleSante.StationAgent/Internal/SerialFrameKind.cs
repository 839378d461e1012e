namespace TeleSante.StationAgent.Internal;

internal enum SerialFrameKind
{
    /// <summary>Bytes up to a line end (line end and a CR before it removed): parse it.</summary>
    Line,

    /// <summary>A bare line end: nothing to parse, only counted.</summary>
    Empty,

    /// <summary>Bytes that ended without a line end (cut by '$', the port closing, or shutdown).</summary>
    Fragment,

    /// <summary>More than <see cref="SerialLineProtocol.MaxLineBytes"/> bytes without a line end; the
    /// first ones are kept, the rest counted in <see cref="SerialFrame.DiscardedBytes"/>.</summary>
    TooLong,
}
