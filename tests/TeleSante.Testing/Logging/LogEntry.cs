using Microsoft.Extensions.Logging;

namespace TeleSante.Testing.Logging;

/// <summary>One entry a <see cref="RecordingLogger"/> kept.</summary>
public sealed record LogEntry(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception)
{
    public override string ToString() =>
        $"{Level} {Category}[{EventId.Id}] {Message}{(Exception is null ? string.Empty : " " + Exception)}";
}
