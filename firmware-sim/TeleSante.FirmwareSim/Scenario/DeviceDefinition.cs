namespace TeleSante.FirmwareSim.Scenario;

/// <summary>One device in a scenario session.</summary>
public sealed record DeviceDefinition
{
    /// <summary>ecg12, ecg1, wfdb, vitals.</summary>
    public string Kind { get; set; } = "ecg12";

    /// <summary>grpc or mqtt-json (vitals).</summary>
    public string Transport { get; set; } = "grpc";

    /// <summary>How many devices of this definition (a load test uses hundreds).</summary>
    public int Count { get; set; } = 1;

    /// <summary>ECG sample rate, Hz.</summary>
    public double Rate { get; set; } = 500;

    /// <summary>Heart rate of the synthetic ECG, bpm.</summary>
    public double HeartRate { get; set; } = 72;

    /// <summary>Rhythm of the synthetic ECG: Sinus or AtrialFibrillation.</summary>
    public string Rhythm { get; set; } = "Sinus";

    /// <summary>PVC probability per beat.</summary>
    public double Pvc { get; set; }

    /// <summary>WFDB record header path (kind wfdb).</summary>
    public string? Record { get; set; }

    /// <summary>Seconds between vitals readings.</summary>
    public double IntervalSeconds { get; set; } = 10;

    /// <summary>Device clock error, seconds (positive = fast).</summary>
    public double ClockOffsetSeconds { get; set; }

    public double ClockDriftPpm { get; set; }
}
