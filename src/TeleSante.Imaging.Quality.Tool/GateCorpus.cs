using TeleSante.FirmwareSim.Devices.Fundus;

namespace TeleSante.Imaging.Quality.Tool;

/// <summary>
/// The gate's data: one photograph per seed from the simulated camera, its defect, severity, eye, field, size and file
/// format all drawn from the seed, measured through the same probe, decoder and meter as an upload. Training and
/// evaluation seeds never overlap, so the evaluation is on photographs (and retinas) the model never saw.
/// </summary>
internal static class GateCorpus
{
    /// <summary>Severities in between (0.3..0.5) are left out: near the threshold a grader's own call is uncertain, and
    /// a label there would measure the simulator's convention rather than the gate.</summary>
    public const double MildUpTo = 0.3;

    public const double UngradableFrom = 0.5;

    private static readonly (int Width, int Height)[] Sizes = [(640, 480), (1024, 768), (1600, 1200)];

    private static readonly FundusDefectKind[] Defects =
    [
        FundusDefectKind.OutOfFocus, FundusDefectKind.UnderExposed, FundusDefectKind.OverExposed,
        FundusDefectKind.LowContrast, FundusDefectKind.WrongField, FundusDefectKind.EyelidShadow,
    ];

    public static int TrainingSeed(int seed, int index) => (seed * 1_000_000) + index;

    public static int EvaluationSeed(int seed, int index) => (seed * 1_000_000) + 500_000 + index;

    /// <summary>The photograph of <paramref name="seed"/>, its description and the measurements.</summary>
    public static FundusGateSample Sample(int seed, FundusGateOptions options)
    {
        var random = new Random(seed);
        var kind = KindOf(random);
        var severity = kind == FundusDefectKind.None ? 0
            : random.NextDouble() < 0.3 ? Math.Round(random.NextDouble() * MildUpTo, 3)
            : Math.Round(UngradableFrom + (random.NextDouble() * (1 - UngradableFrom)), 3);
        var eye = random.Next(2) == 0 ? Laterality.OD : Laterality.OS;
        var field = random.Next(2) == 0 ? FundusField.MaculaCentred : FundusField.DiscCentred;
        // Large images are slow to render: fewer of them, but enough that the working copy's scale is learnt.
        var size = Sizes[random.NextDouble() switch { < 0.6 => 0, < 0.88 => 1, _ => 2 }];
        var format = random.Next(2) == 0 ? FundusFileFormat.Png : FundusFileFormat.Jpeg;
        var camera = new FundusCamera(new FundusCameraOptions { DeviceId = "gate", SiteId = "corpus", Width = size.Width, Height = size.Height, Seed = random.Next() });
        var capture = camera.Capture(new FundusCaptureRequest
        {
            Laterality = eye,
            Field = field,
            Defects = FundusDefectScale.Of(kind, severity, size.Width, size.Height),
            CapturedAt = DateTimeOffset.UnixEpoch,
        });
        var file = capture.Encode(format);
        var declaredEye = eye == Laterality.OD ? EyeLaterality.OD : EyeLaterality.OS;
        var declaredField = field == FundusField.MaculaCentred ? RetinalField.MaculaCentred : RetinalField.DiscCentred;
        using var stream = new MemoryStream(file.Content, writable: false);
        var measurements = FundusMeter.Measure(stream, long.MaxValue, declaredEye, declaredField, options);
        return new FundusGateSample(seed, kind.ToString(), severity, declaredEye, declaredField, size.Width, size.Height,
            format == FundusFileFormat.Png ? ImageFormat.Png : ImageFormat.Jpeg, severity >= UngradableFrom, measurements);
    }

    /// <summary>The defect kind of a seed's photograph, without rendering it.</summary>
    public static bool IsGood(int seed) => KindOf(new Random(seed)) == FundusDefectKind.None;

    // A third good captures, the rest spread over the six defects, each mild (gradable) or severe. Drawn first.
    private static FundusDefectKind KindOf(Random random) => random.NextDouble() < 0.34 ? FundusDefectKind.None : Defects[random.Next(Defects.Length)];

    /// <summary>Samples of <paramref name="count"/> seeds, generated in parallel but kept in seed order (so the data and
    /// the model do not depend on scheduling).</summary>
    public static List<FundusGateSample> Generate(IReadOnlyList<int> seeds, FundusGateOptions options)
    {
        var samples = new FundusGateSample[seeds.Count];
        Parallel.For(0, seeds.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => samples[i] = Sample(seeds[i], options));
        return [.. samples];
    }
}
