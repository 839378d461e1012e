using System.Collections.Concurrent;
using FluentAssertions;
using Microsoft.Extensions.Logging;

namespace TeleSante.Testing.Logging;

/// <summary>
/// Keeps what the code under test logs, so a test fails on an error it did not expect (grpc-dotnet
/// VerifyNoErrorsScope) and can show the log when something else fails. Thread-safe. Loggers made with
/// <see cref="ForCategory"/> (as <see cref="RecordingLoggerProvider"/> does for a whole host) share one
/// record and one set of expected errors.
/// </summary>
public class RecordingLogger : ILogger
{
    private readonly Record _record;

    public RecordingLogger(string category = "", LogLevel minimumLevel = LogLevel.Trace)
        : this(new Record(minimumLevel), category)
    {
    }

    private RecordingLogger(Record record, string category)
    {
        _record = record;
        Category = category;
    }

    public string Category { get; }

    /// <summary>Every entry so far, in the order logged, all categories sharing this record.</summary>
    public IReadOnlyList<LogEntry> Entries => [.. _record.Entries];

    /// <summary>Entries at Error or above, expected or not.</summary>
    public IReadOnlyList<LogEntry> Errors => [.. Entries.Where(e => e.Level >= LogLevel.Error)];

    /// <summary>Entries at Warning exactly.</summary>
    public IReadOnlyList<LogEntry> Warnings => [.. Entries.Where(e => e.Level == LogLevel.Warning)];

    /// <summary>A logger for <paramref name="category"/> writing into this record.</summary>
    public RecordingLogger ForCategory(string category) => new(_record, category);

    public int Count(int eventId) => Entries.Count(e => e.EventId.Id == eventId);

    public bool Has(int eventId, LogLevel level) => Entries.Any(e => e.EventId.Id == eventId && e.Level == level);

    /// <summary>Errors with these event ids are part of what the test provokes.</summary>
    public void ExpectErrors(params int[] eventIds)
    {
        foreach (var id in eventIds)
        {
            _record.ExpectedErrors.TryAdd(id, 0);
        }
    }

    /// <summary>Errors (and worse) logged, except those expected here or with <see cref="ExpectErrors"/>.</summary>
    public IReadOnlyList<LogEntry> UnexpectedErrors(params int[] alsoExpected) =>
        [.. Errors.Where(e => !_record.ExpectedErrors.ContainsKey(e.EventId.Id) && !alsoExpected.Contains(e.EventId.Id))];

    public void VerifyNoUnexpectedErrors(params int[] alsoExpected) =>
        UnexpectedErrors(alsoExpected).Should().BeEmpty("no error was expected in the log:\n{0}", this);

    public void VerifyNoWarnings() =>
        Entries.Where(e => e.Level >= LogLevel.Warning).Should().BeEmpty("nothing here deserves a warning:\n{0}", this);

    /// <summary>The whole log, one entry a line (for failure messages).</summary>
    public override string ToString() => string.Join('\n', Entries);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= _record.MinimumLevel && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            _record.Entries.Enqueue(new LogEntry(logLevel, Category, eventId, formatter(state, exception), exception));
        }
    }

    private sealed class Record(LogLevel minimumLevel)
    {
        public LogLevel MinimumLevel { get; } = minimumLevel;

        public ConcurrentQueue<LogEntry> Entries { get; } = new();

        public ConcurrentDictionary<int, byte> ExpectedErrors { get; } = new();
    }
}
