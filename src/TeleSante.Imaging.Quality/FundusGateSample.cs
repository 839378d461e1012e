namespace TeleSante.Imaging.Quality;

/// <summary>One labelled photograph of a gate data set: how it was made (so a row can be generated again) and what
/// the gate measured on it.</summary>
/// <param name="Seed">The generator's seed for this photograph (eye, defect, severity, size, format).</param>
/// <param name="Defect">The defect kind injected ("None" for a good capture).</param>
/// <param name="Severity">0..1 on the simulator's scale.</param>
/// <param name="Ungradable">The label: a defect of severity 0.5 or more.</param>
public sealed record FundusGateSample(
    int Seed, string Defect, double Severity, EyeLaterality Eye, RetinalField Field, int Width, int Height, ImageFormat Format,
    bool Ungradable, FundusMeasurements Measurements);
