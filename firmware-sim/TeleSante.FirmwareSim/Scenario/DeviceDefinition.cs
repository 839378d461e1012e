namespace TeleSante.FirmwareSim.Scenario;

/// <summary>One device in a scenario session.</summary>
public sealed record DeviceDefinition
{
    /// <summary>ecg12, ecg1, wfdb, vitals, fundus.</summary>
    public string Kind { get; set; } = "ecg12";

    /// <summary>grpc, mqtt-json (vitals), http (fundus photographs) or serial (vitals monitor writing TSV1
    /// on <see cref="Port"/>, read by a station agent that forwards to the gateway).</summary>
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

    /// <summary>Serial transport: the tty or pty the monitor writes (the station agent reads the other end
    /// and names the device and session itself).</summary>
    public string? Port { get; set; }

    /// <summary>Serial transport: where the monitor keeps its sequence counter. Default "{device id}.seq".</summary>
    public string? SeqFile { get; set; }

    /// <summary>Photographs a fundus camera takes in the session: OD then OS, macula-centred fields
    /// first, then disc-centred ones (a two-field screening protocol is 4).</summary>
    public int Captures { get; set; } = 4;

    /// <summary>A capture defect for every photograph of this camera, to exercise the quality gate:
    /// none, blur, dark, bright, offcentre, eyelid.</summary>
    public string Defect { get; set; } = "none";

    /// <summary>Fundus file format: jpeg (what most cameras export) or png.</summary>
    public string Format { get; set; } = "jpeg";

    /// <summary>Fundus image size, pixels.</summary>
    public int ImageWidth { get; set; } = 1280;

    public int ImageHeight { get; set; } = 960;

    /// <summary>Seconds between vitals readings, or between photographs.</summary>
    public double IntervalSeconds { get; set; } = 10;

    /// <summary>Device clock error, seconds (positive = fast).</summary>
    public double ClockOffsetSeconds { get; set; }

    public double ClockDriftPpm { get; set; }
}
