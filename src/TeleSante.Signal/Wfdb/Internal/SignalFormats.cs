namespace TeleSante.Signal.Wfdb.Internal;

/// <summary>Facts about the storage formats of signal(5) that the header parser and the readers share.</summary>
internal static class SignalFormats
{
    /// <summary>Every format number signal(5) defines; anything else in a header is a typo or corruption.</summary>
    private static readonly int[] Known = [0, 8, 16, 24, 32, 61, 80, 160, 212, 310, 311, 508, 516, 524];

    /// <summary>The formats this reader decodes.</summary>
    public static readonly int[] Supported = [16, 61, 80, 212];

    public static bool IsKnown(int format) => Array.IndexOf(Known, format) >= 0;

    public static bool IsSupported(int format) => Array.IndexOf(Supported, format) >= 0;

    /// <summary>header(5): an omitted or zero ADC resolution means the format's own sample width.</summary>
    public static int DefaultResolution(int format) => format switch
    {
        8 or 80 or 508 => 8,
        212 => 12,
        310 or 311 => 10,
        24 or 524 => 24,
        32 => 32,
        _ => 16,
    };

    /// <summary>
    /// signal(5) reserves the most negative value of each format for "no sample here" (lead off,
    /// gap); converting it to a physical value would invent data.
    /// </summary>
    public static int InvalidSample(int format) => format switch
    {
        212 => -2048,
        80 => -128,
        _ => short.MinValue,
    };

    /// <summary>Bytes that hold <paramref name="samples"/> consecutive samples in a supported format.</summary>
    public static long BytesFor(int format, long samples) => format switch
    {
        // Two samples per three bytes; a lone last sample takes the first two bytes of a triplet.
        212 => (samples * 3 + 1) / 2,
        16 or 61 => samples * 2,
        80 => samples,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unsupported format"),
    };

    /// <summary>
    /// Samples stored in <paramref name="bytes"/> bytes, or -1 when that length cannot be a whole
    /// number of samples (a torn write or a wrong format in the header).
    /// </summary>
    public static long SamplesIn(int format, long bytes) => format switch
    {
        212 => (bytes % 3) switch
        {
            0 => bytes / 3 * 2,
            2 => bytes / 3 * 2 + 1,
            _ => -1,
        },
        16 or 61 => bytes % 2 == 0 ? bytes / 2 : -1,
        80 => bytes,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unsupported format"),
    };
}
