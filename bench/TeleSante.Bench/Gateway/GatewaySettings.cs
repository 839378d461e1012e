namespace TeleSante.Bench.Gateway;

/// <summary>Options of the gateway command (see bench/README.md).</summary>
/// <param name="EcgDevices">N: 12-lead 500 Hz recorders streaming 0.5 s chunks over gRPC.</param>
/// <param name="Channels">gRPC channels the devices share (each may open several HTTP/2 connections).</param>
/// <param name="VitalsDevices">M: MQTT vitals devices.</param>
/// <param name="VitalsInterval">Seconds between two vitals documents of one device.</param>
/// <param name="Duration">Seconds of load.</param>
/// <param name="InfluxOutage">Seconds influxd is stopped mid-run; 0 for none.</param>
/// <param name="DrainTimeout">Longest wait for the gateway's backlog to reach InfluxDB after the load.</param>
/// <param name="Consultations">Attribution:Mode Consultation: a station and an open consultation per device, created
/// through the API before the load, so every batch goes through the attribution check; false: Session mode, no check.</param>
/// <param name="Analysis">Analysis:Enabled: the gateway's ECG analysis behind the ack (issue 12), on by default.</param>
/// <param name="Viewers">V: practitioners' live viewers (SignalR /hubs/live), each watching a distinct ECG device's
/// session, joined once the devices stream; 0 for none.</param>
/// <param name="ViewerWarmupSeconds">Seconds after the last viewer joined before the viewers' steady window
/// starts (connect phase left out of the device→viewer latency).</param>
public sealed record GatewaySettings(
    int EcgDevices,
    int Channels,
    int VitalsDevices,
    double VitalsInterval,
    int Duration,
    int InfluxOutage,
    TimeSpan DrainTimeout,
    string GatewayDll,
    bool Consultations = false,
    bool Analysis = true,
    int Viewers = 0,
    int ViewerWarmupSeconds = 5);
