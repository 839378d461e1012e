namespace TeleSante.CommandLine;

/// <summary>The command line is wrong: printed with the usage, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
