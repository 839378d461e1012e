namespace TeleSante.StationAgent;

/// <summary>Why the agent refused a line read from a serial port. Every refused line is counted per
/// reason and kept in the rejected-lines file with the reason (see <see cref="SerialLineProtocol"/>).</summary>
public enum LineRejectionReason
{
    /// <summary>Not a sentence: no leading '$', no "*HH" checksum at the end, a field that does not
    /// parse, a wrong number of fields, or a byte outside printable ASCII.</summary>
    Syntax,

    /// <summary>The "*HH" checksum does not match the XOR of the sentence: the line was damaged on the wire.</summary>
    Checksum,

    /// <summary>More than <see cref="SerialLineProtocol.MaxLineBytes"/> bytes without a line end (wrong
    /// baud rate, binary output, a device that is not speaking TSV1).</summary>
    TooLong,

    /// <summary>Bytes that ended without a line end: cut by a '$' that starts the next sentence, by the
    /// port closing, or by the agent starting in the middle of a line.</summary>
    Fragment,

    /// <summary>A well-formed sentence of a type this agent does not know (a newer device firmware).</summary>
    UnknownSentence,

    /// <summary>An MDC reference id the agent cannot map to a numeric code.</summary>
    UnknownCode,

    /// <summary>The sentence's seq is not above the last one taken from this device: the device's
    /// counter went back (reset, replaced board). Forwarding it would make the gateway answer
    /// "duplicate" and silently drop a new reading, so it is kept here for a person to look at.</summary>
    SeqNotIncreasing,

    /// <summary>The disk outbox reached <see cref="OutboxOptions.MaxBytes"/>: the line could not be taken.</summary>
    OutboxFull,
}
