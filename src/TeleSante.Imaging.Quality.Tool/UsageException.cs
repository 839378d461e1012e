namespace TeleSante.Imaging.Quality.Tool;

/// <summary>The command line is wrong: printed with the usage, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
