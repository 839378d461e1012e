namespace TeleSante.Signal.Tests.Support;

/// <summary>
/// Every field a header(5) signal line can hold; <see cref="FieldCount"/> (2..9) says how many are
/// written, the rest being left to the man page's defaults. Null optional parts are not written.
/// </summary>
internal sealed record SignalLineModel(
    string FileName,
    int Format,
    int? SamplesPerFrame,
    int? Skew,
    long? ByteOffset,
    double Gain,
    int? Baseline,
    string? Units,
    int Resolution,
    int AdcZero,
    int InitialValue,
    short Checksum,
    int BlockSize,
    string Description,
    int FieldCount);
