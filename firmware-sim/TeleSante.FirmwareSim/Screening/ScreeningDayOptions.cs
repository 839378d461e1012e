namespace TeleSante.FirmwareSim.Screening;

/// <summary>A simulated screening day at one site (issue 13): who, where, how many, how often the camera fails.</summary>
public sealed record ScreeningDayOptions
{
    public required string CampaignId { get; init; }

    public required string SiteId { get; init; }

    public required string StationId { get; init; }

    public required string CameraId { get; init; }

    /// <summary>Patients seen during the day, one screening visit each.</summary>
    public int Patients { get; init; } = 10;

    /// <summary>Share of captures (first takes and retakes alike) the camera spoils with a severe defect, 0..1.</summary>
    public double DefectShare { get; init; } = 0.3;

    /// <summary>Retakes of one field before the operator gives up and sends the visit incomplete, with the reason.</summary>
    public int MaxRetakes { get; init; } = 2;

    /// <summary>Seeds the patients, the camera and which captures are spoiled: the same seed gives the same day.</summary>
    public int Seed { get; init; } = 1;

    public int Width { get; init; } = 800;

    public int Height { get; init; } = 600;

    /// <summary>Makes this run's visit ids unique (consultation ids are unique for ever).</summary>
    public string RunId { get; init; } = DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    public void Validate()
    {
        if (Patients is < 1 or > 10_000)
        {
            throw new ArgumentException("--patients must be 1..10000");
        }

        if (DefectShare is < 0 or > 1 || double.IsNaN(DefectShare))
        {
            throw new ArgumentException("--defect-share must be 0..1");
        }

        if (MaxRetakes is < 0 or > 10)
        {
            throw new ArgumentException("--max-retakes must be 0..10");
        }

        if (Width is < 64 or > 8192 || Height is < 64 or > 8192)
        {
            throw new ArgumentException("--width and --height must be 64..8192");
        }
    }
}
