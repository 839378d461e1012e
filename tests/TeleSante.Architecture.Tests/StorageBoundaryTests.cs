using System.Reflection;
using TeleSante.Ingestion;
using TeleSante.Storage;
using TeleSante.Storage.Influx;

namespace TeleSante.Architecture.Tests;

/// <summary>Issue 10, storage seam: InfluxDB is known to TeleSante.Storage.Influx and to the gateway's one
/// registration file; the pipeline, the FHIR export and every reader in the gateway see only the
/// store-neutral ports of TeleSante.Storage.</summary>
public sealed class StorageBoundaryTests
{
    private const string Influx = "TeleSante.Storage.Influx";

    private static readonly Assembly Gateway = Assembly.Load("TeleSante.Gateway");

    /// <summary>The gateway's one registration file (internal, hence by name).</summary>
    private static readonly Type IngestionRegistration = Gateway.GetType("TeleSante.Gateway.Infrastructure.IngestionRegistration", throwOnError: true)!;

    [Theory]
    [InlineData(typeof(InfluxForwarder))]        // TeleSante.Ingestion
    [InlineData(typeof(Fhir.SessionExport))]     // TeleSante.Fhir
    [InlineData(typeof(IRecordingReader))]       // TeleSante.Storage
    public void Only_the_influx_project_and_the_host_reference_influxdb(Type inAssembly)
    {
        var assembly = inAssembly.Assembly;

        assembly.GetReferencedAssemblies().Select(a => a.Name).Should().NotContain(Influx);
        TypeUses.Of(assembly, Influx).Should().BeEmpty();
    }

    [Fact]
    public void No_gateway_type_but_the_registration_uses_an_influxdb_type()
    {
        var uses = TypeUses.Of(Gateway, Influx).Where(u => u.User != IngestionRegistration);

        uses.Select(u => $"{u.User.FullName} uses {u.Used.FullName}").Should().BeEmpty();
    }

    [Fact]
    public void The_check_sees_uses_inside_method_bodies_and_lambdas()
    {
        // IngestionRegistration builds InfluxV1Store inside a lambda: if the scan missed bodies or closures,
        // the two checks above would pass for nothing.
        TypeUses.Of(Gateway, Influx).Where(u => u.User == IngestionRegistration).Select(u => u.Used)
            .Should().Contain([typeof(InfluxV1Store), typeof(InfluxOptions)]);
    }
}
