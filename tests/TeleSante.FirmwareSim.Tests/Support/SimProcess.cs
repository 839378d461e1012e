using TeleSante.Testing;

namespace TeleSante.FirmwareSim.Tests.Support;

/// <summary>The built simulator (telesante-sim) as a child process, as run.sh runs it: its whole output is kept, so a
/// test can check what it printed, and never printed.</summary>
internal static class SimProcess
{
    public static ExternalProcess Start(params string[] arguments) =>
        ExternalProcess.Start("dotnet", [RepositoryPaths.BuiltApplication(Path.Combine("firmware-sim", "TeleSante.FirmwareSim"), "telesante-sim.dll"), .. arguments],
            new ExternalProcessOptions { OutputLines = 20_000 });

    /// <summary>The gateway's addresses as the simulator's options.</summary>
    public static string[] GatewayOptions(GatewayProcess gateway) =>
        ["--grpc", $"http://127.0.0.1:{gateway.GrpcPort}", "--mqtt", $"127.0.0.1:{gateway.MqttPort}", "--http", $"http://127.0.0.1:{gateway.HttpPort}"];
}
