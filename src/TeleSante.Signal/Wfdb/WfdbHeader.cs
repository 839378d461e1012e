using TeleSante.Signal.Wfdb.Internal;

namespace TeleSante.Signal.Wfdb;

/// <summary>
/// A parsed WFDB header file (header(5)): the record line, one <see cref="WfdbSignalSpec"/> per
/// signal, and every comment line. Only single-segment records are supported.
/// </summary>
public sealed record WfdbHeader
{
    public required string Name { get; init; }

    /// <summary>Frames per second; header(5) assumes 250 when the record line omits it.</summary>
    public double SamplingFrequency { get; init; } = 250;

    /// <summary>Counter frequency (the "/" suffix of the sampling frequency), when given.</summary>
    public double? CounterFrequency { get; init; }

    /// <summary>Base counter value (the parenthesised suffix of the counter frequency), when given.</summary>
    public double? BaseCounterValue { get; init; }

    /// <summary>Frames in the record, as the header says; 0 when the header leaves it unspecified.</summary>
    public long SampleCount { get; init; }

    /// <summary>Time of day of sample 0, when given.</summary>
    public TimeSpan? BaseTime { get; init; }

    /// <summary>Date of sample 0, when given.</summary>
    public DateOnly? BaseDate { get; init; }

    public IReadOnlyList<WfdbSignalSpec> Signals { get; init; } = [];

    /// <summary>
    /// Text of every "#" line, in file order, without the "#" and surrounding blanks. PTB and
    /// MIT-BIH keep the patient's age, sex, diagnosis and medication here.
    /// </summary>
    public IReadOnlyList<string> Comments { get; init; } = [];

    /// <summary>Parses header text; <paramref name="fileName"/> only names the source in errors.</summary>
    /// <exception cref="WfdbFormatException">The text is not a valid single-segment header.</exception>
    public static WfdbHeader Parse(string text, string fileName = "(header)") => HeaderParser.Parse(text, fileName);

    /// <summary>Reads and parses a <c>.hea</c> file.</summary>
    /// <exception cref="WfdbFormatException">The file is not a valid single-segment header.</exception>
    public static WfdbHeader Read(string headerPath) => HeaderParser.Parse(File.ReadAllText(headerPath), headerPath);
}
