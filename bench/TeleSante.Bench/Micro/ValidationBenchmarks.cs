using BenchmarkDotNet.Attributes;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Validation;

namespace TeleSante.Bench.Micro;

/// <summary>The whole-batch check every incoming 12-lead chunk goes through before the write-ahead log.</summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private readonly BatchValidator _validator = new(new ValidationLimits(), TimeProvider.System);
    private ReadingBatch _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _batch = MicroFixtures.TwelveLeadBatch();
        if (!_validator.Validate(_batch).IsValid)
        {
            throw new InvalidOperationException("the fixture batch must be valid: " + _validator.Validate(_batch).Detail);
        }
    }

    [Benchmark(Description = "BatchValidator.Validate: 12 leads x 250")]
    public ValidationOutcome Validate() => _validator.Validate(_batch);
}
