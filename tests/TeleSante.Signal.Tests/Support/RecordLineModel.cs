namespace TeleSante.Signal.Tests.Support;

/// <summary>Every field a header(5) record line can hold; <see cref="FieldCount"/> says how many are written.</summary>
internal sealed record RecordLineModel(
    string Name,
    double Frequency,
    double? CounterFrequency,
    double? BaseCounter,
    long SampleCount,
    TimeSpan BaseTime,
    DateOnly BaseDate,
    int FieldCount);
