using System.Reflection;
using TeleSante.LiveView;

namespace TeleSante.Architecture.Tests;

/// <summary>Issue 10, live view: the engine (sessions, rings, per-viewer buffers, Redis relay) is its own
/// project; it knows neither ASP.NET Core (the gateway's hub sends through <see cref="ILiveViewSender"/>)
/// nor InfluxDB (history comes through TeleSante.Storage's IRecordingReader).</summary>
public sealed class LiveViewBoundaryTests
{
    private static readonly Assembly Engine = typeof(ILiveViewSender).Assembly;

    [Fact]
    public void The_live_view_engine_references_neither_asp_net_core_nor_influxdb()
    {
        Engine.GetReferencedAssemblies().Select(a => a.Name!)
            .Should().NotContain(name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || name == "TeleSante.Storage.Influx");
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore.SignalR.Core")]
    [InlineData("Microsoft.AspNetCore.Http.Abstractions")]
    [InlineData("TeleSante.Storage.Influx")]
    public void No_live_view_engine_type_uses_a_type_of(string assembly)
    {
        TypeUses.Of(Engine, assembly).Select(u => $"{u.User.FullName} uses {u.Used.FullName}").Should().BeEmpty();
    }

    [Fact]
    public void The_engine_reads_history_through_the_store_neutral_port()
    {
        // The check above would pass for nothing if the engine read no storage at all.
        TypeUses.Of(Engine, "TeleSante.Storage").Select(u => u.Used.Name).Should().Contain("IRecordingReader");
    }
}
