namespace TeleSante.Imaging.Quality;

/// <summary>One measurement's gradable range: <paramref name="Low"/> and/or <paramref name="High"/> (null on the side
/// that is never a defect) and <paramref name="Scale"/>, the gradable photographs' standard deviation, to rank reasons.</summary>
public sealed record FundusMeasurementLimit(string Measurement, double? Low, double? High, double Scale);
