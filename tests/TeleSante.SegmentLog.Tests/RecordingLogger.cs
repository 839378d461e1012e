using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TeleSante.SegmentLog.Tests;

/// <summary>
/// Records log entries so a test fails when the log reported an error it did not expect (grpc-dotnet
/// VerifyNoErrorsScope): call <see cref="ExpectErrors"/> first when it should.
/// </summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> _entries = new();
    private readonly HashSet<int> _expectedErrorEvents = [];

    public IReadOnlyList<(LogLevel Level, EventId EventId, string Message)> Entries => [.. _entries];

    public int Count(int eventId) => Entries.Count(e => e.EventId.Id == eventId);

    public void ExpectErrors(int eventId) => _expectedErrorEvents.Add(eventId);

    public void VerifyNoUnexpectedErrors() =>
        Entries.Where(e => e.Level >= LogLevel.Error && !_expectedErrorEvents.Contains(e.EventId.Id)).Should().BeEmpty("no error was expected in the log");

    public void VerifyNoWarnings() =>
        Entries.Where(e => e.Level >= LogLevel.Warning).Should().BeEmpty("a clean log opens without complaint");

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, eventId, formatter(state, exception)));
}
