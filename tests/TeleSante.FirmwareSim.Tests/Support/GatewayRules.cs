using Microsoft.Extensions.Time.Testing;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Domain.Validation;

namespace TeleSante.FirmwareSim.Tests.Support;

/// <summary>The gateway's own rules (CodeCatalog, BatchValidator) applied to what a simulated device produced.</summary>
internal static class GatewayRules
{
    /// <summary>Known MDC code, the LOINC code the catalog gives for that unit, an accepted unit, a plausible value.</summary>
    public static void ShouldBeAcceptedByTheCatalog(this Observation observation)
    {
        var code = CodeCatalog.FindObservation(observation.MdcCode);
        code.Should().NotBeNull($"MDC {observation.MdcCode} must be an observation code the gateway knows");
        observation.Loinc.Should().Be(code!.LoincFor(observation.Unit), $"{code.RefId} in {observation.Unit}");
        var unit = code.FindUnit(observation.Unit);
        unit.Should().NotBeNull($"'{observation.Unit}' must be a unit accepted for {code.RefId}");
        unit!.Contains(observation.Value).Should().BeTrue($"{code.RefId} {observation.Value} {observation.Unit} must lie in the plausible {unit.Min}..{unit.Max}");
    }

    /// <summary>The whole batch passes the gateway's validator with the gateway clock just after the device's.</summary>
    public static void ShouldPassTheGatewayValidator(this ReadingBatch batch)
    {
        var clock = new FakeTimeProvider(TestTimes.FromNs(batch.DeviceTimeNs).AddSeconds(1));
        var outcome = new BatchValidator(new ValidationLimits(), clock).Validate(batch);
        outcome.IsValid.Should().BeTrue($"the gateway would refuse it: {outcome.Reason} {outcome.Detail}");
    }
}
