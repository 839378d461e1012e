namespace TeleSante.Signal.Wfdb;

/// <summary>
/// A WFDB file (header, signal or annotation file) is malformed, inconsistent with its header, or
/// uses a feature this reader does not implement. The message names the file and, for headers,
/// the line, so a bad record can be fixed without a debugger.
/// </summary>
public sealed class WfdbFormatException : Exception
{
    public WfdbFormatException(string filePath, string problem, int? lineNumber = null, Exception? innerException = null)
        : base(Compose(filePath, problem, lineNumber), innerException)
    {
        FilePath = filePath;
        Problem = problem;
        LineNumber = lineNumber;
    }

    /// <summary>The file at fault, as it was given to the reader.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }

    /// <summary>1-based line of a header file, when the problem is on one line.</summary>
    public int? LineNumber { get; }

    private static string Compose(string filePath, string problem, int? lineNumber) =>
        lineNumber is { } line ? $"{filePath} line {line}: {problem}" : $"{filePath}: {problem}";
}
