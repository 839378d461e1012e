using Microsoft.Extensions.Logging;

namespace TeleSante.Testing.Logging;

/// <summary>Records what a whole host logs, every category into one <see cref="Log"/>.</summary>
public sealed class RecordingLoggerProvider(LogLevel minimumLevel = LogLevel.Trace) : ILoggerProvider
{
    public RecordingLogger Log { get; } = new(string.Empty, minimumLevel);

    public ILogger CreateLogger(string categoryName) => Log.ForCategory(categoryName);

    public void Dispose()
    {
    }
}
