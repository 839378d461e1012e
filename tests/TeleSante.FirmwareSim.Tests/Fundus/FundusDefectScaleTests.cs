using TeleSante.FirmwareSim.Devices.Fundus;

namespace TeleSante.FirmwareSim.Tests.Fundus;

/// <summary>The camera's defects for the quality gate (issue 13): low contrast and wrong field, and one severity scale
/// for every kind, deterministic by seed.</summary>
public sealed class FundusDefectScaleTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 11, 0, 0, TimeSpan.Zero);

    private static FundusCapture Capture(FundusDefects defects, FundusField field = FundusField.MaculaCentred, int seed = 5) =>
        new FundusCamera(new FundusCameraOptions { DeviceId = "cam", SiteId = "site", Width = 320, Height = 240, Seed = seed })
            .Capture(new FundusCaptureRequest { Laterality = Laterality.OD, Field = field, Defects = defects, EyeSeed = 77, CapturedAt = At });

    private static double GreenSpreadInsideField(RgbImage image)
    {
        var greens = new List<double>();
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (image[x, y].R > 30)
                {
                    greens.Add(image[x, y].G);
                }
            }
        }

        var mean = greens.Average();
        return Math.Sqrt(greens.Average(g => (g - mean) * (g - mean)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_photograph_byte_for_byte_with_every_defect_kind()
    {
        foreach (var kind in Enum.GetValues<FundusDefectKind>())
        {
            var defects = FundusDefectScale.Of(kind, 0.7, 320, 240);

            Capture(defects).EncodePng().Should().Equal(Capture(defects).EncodePng(), kind.ToString());
            Capture(defects).Image.Pixels.Should().NotEqual(Capture(defects, seed: 6).Image.Pixels, "another seed, another sensor noise");
        }
    }

    [Fact]
    public void Low_contrast_flattens_the_retina_and_keeps_the_black_surround()
    {
        var clear = Capture(FundusDefects.None).Image;
        var hazy = Capture(FundusDefectScale.Of(FundusDefectKind.LowContrast, 0.8, 320, 240)).Image;

        GreenSpreadInsideField(hazy).Should().BeLessThan(0.5 * GreenSpreadInsideField(clear));
        hazy[0, 0].Should().Be(clear[0, 0]);
        hazy[0, 0].R.Should().BeLessThan(10);
    }

    [Theory]
    [InlineData(FundusField.MaculaCentred)]
    [InlineData(FundusField.DiscCentred)]
    public void A_wrong_field_puts_the_disc_where_the_other_field_does_and_keeps_the_declared_field(FundusField declared)
    {
        var other = declared == FundusField.MaculaCentred ? FundusField.DiscCentred : FundusField.MaculaCentred;
        var wrong = Capture(new FundusDefects { WrongField = true }, declared).Metadata;
        var right = Capture(FundusDefects.None, other).Metadata;

        wrong.Field.Should().Be(declared, "the metadata says what the operator declared");
        wrong.DiscCentreX.Should().Be(right.DiscCentreX);
        wrong.DiscCentreY.Should().Be(right.DiscCentreY);
        wrong.Defects.WrongField.Should().BeTrue();
    }

    [Fact]
    public void Severity_maps_to_the_documented_parameters_and_is_relative_to_the_field_size()
    {
        FundusDefectScale.Of(FundusDefectKind.OutOfFocus, 0.5, 1600, 1200).BlurRadiusPx.Should().BeApproximately(4 * FundusDefectScale.Of(FundusDefectKind.OutOfFocus, 0.5, 400, 300).BlurRadiusPx, 1e-9);
        FundusDefectScale.Of(FundusDefectKind.UnderExposed, 1, 640, 480).ExposureStops.Should().Be(-3);
        FundusDefectScale.Of(FundusDefectKind.OverExposed, 1, 640, 480).ExposureStops.Should().Be(2.5);
        FundusDefectScale.Of(FundusDefectKind.EyelidShadow, 1, 640, 480).EyelidShadow.Should().Be(0.45);
        FundusDefectScale.Of(FundusDefectKind.WrongField, 0.2, 640, 480).WrongField.Should().BeFalse("a mild severity is a small aiming error");
        FundusDefectScale.Of(FundusDefectKind.None, 0, 640, 480).IsNone.Should().BeTrue();
        var outOfRange = () => FundusDefectScale.Of(FundusDefectKind.LowContrast, 1.5, 640, 480);
        outOfRange.Should().Throw<ArgumentOutOfRangeException>();
    }
}
