namespace TeleSante.Testing;

/// <summary>What a command-line tool left: its exit code, standard output and standard error.</summary>
public sealed record ToolResult(int Code, string Output, string Error);
