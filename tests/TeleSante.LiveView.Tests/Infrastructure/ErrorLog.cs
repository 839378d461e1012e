using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TeleSante.LiveView.Tests.Infrastructure;

/// <summary>Collects what the in-process gateway logs at Warning and above, so a test fails on an
/// error it did not expect (grpc-dotnet's VerifyNoErrorsScope).</summary>
internal sealed class ErrorLog : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception)> Entries { get; } = new();

    /// <summary>Errors logged (a refused join is not one: the hub logs it as a refusal).</summary>
    public IEnumerable<string> Errors => Entries
        .Where(e => e.Level >= LogLevel.Error)
        .Select(e => $"{e.Category} [{e.EventId}] {e.Message} {e.Exception}");

    public IEnumerable<(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception)> Warnings => Entries.Where(e => e.Level == LogLevel.Warning);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Entries.Enqueue((logLevel, category, eventId, formatter(state, exception), exception));
            }
        }
    }
}
