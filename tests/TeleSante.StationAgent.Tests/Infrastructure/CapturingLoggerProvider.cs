using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TeleSante.StationAgent.Tests.Infrastructure;

/// <summary>Keeps what the in-process agent logs, so a test can fail on an error it did not expect
/// (grpc-dotnet's VerifyNoErrorsScope idea) and show the log when something else fails.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _logs = new();

    public IReadOnlyList<CapturedLog> Logs => [.. _logs];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _logs);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue(new CapturedLog(logLevel, category, eventId, formatter(state, exception), exception));
    }
}
