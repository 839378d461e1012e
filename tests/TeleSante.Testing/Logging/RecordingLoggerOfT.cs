using Microsoft.Extensions.Logging;

namespace TeleSante.Testing.Logging;

/// <summary>A <see cref="RecordingLogger"/> for code that takes an <see cref="ILogger{TCategoryName}"/>.</summary>
public sealed class RecordingLogger<T>(LogLevel minimumLevel = LogLevel.Trace) : RecordingLogger(typeof(T).FullName ?? typeof(T).Name, minimumLevel), ILogger<T>;
