using Microsoft.Extensions.Logging;

namespace TeleSante.StationAgent.Tests.Infrastructure;

public sealed record CapturedLog(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}[{EventId.Id}] {Message}{(Exception is null ? string.Empty : " " + Exception.Message)}";
}
