using TeleSante.FirmwareSim.Transport;

namespace TeleSante.FirmwareSim.Scenario;

/// <summary>A scenario file: a site's sessions over a period (a "pharmacy day"), replayed at a chosen speed.</summary>
public sealed record ScenarioDefinition
{
    public string Name { get; set; } = "scenario";

    public string Site { get; set; } = "demo-pharmacy";

    /// <summary>The station (cabin) the sessions take place at. Used when consultations are opened (an operator
    /// token): the devices are then the station's ("{site}-{station}-{kind}-{n}") and its sessions take turns.</summary>
    public string Station { get; set; } = "";

    public string Grpc { get; set; } = "http://127.0.0.1:5081";

    /// <summary>The gateway's HTTP address, where cameras send photographs.</summary>
    public string Http { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Certificate file (PEM or DER) the devices trust for an https:// gateway, instead of the
    /// system's roots (--ca-cert). Empty: system roots.</summary>
    public string CaCertificate { get; set; } = "";

    /// <summary>host:port of the MQTT broker.</summary>
    public string Mqtt { get; set; } = "127.0.0.1:1883";

    /// <summary>Time compression: 60 plays an hour of the schedule in a minute (streams themselves stay real time).</summary>
    public double Speed { get; set; } = 1;

    public FieldConditions Conditions { get; set; } = FieldConditions.Ideal;

    public IReadOnlyList<SessionDefinition> Sessions { get; set; } = [];
}
