using TeleSante.FirmwareSim.Devices.Fundus;

namespace TeleSante.FirmwareSim.Tests.Fundus;

public sealed class FundusQualityTests
{
    private static readonly Lazy<FundusQuality> Baseline = new(() => Measure(FundusDefects.None));

    /// <summary>The same retina and the same sensor noise every time: only the defect differs.</summary>
    private static FundusQuality Measure(FundusDefects defects)
    {
        var camera = new FundusCamera(new FundusCameraOptions { DeviceId = "cam-q", SiteId = "ph-1", Width = 384, Height = 288, Seed = 5 });
        return FundusQualityMetrics.Measure(camera.Capture(new FundusCaptureRequest { Laterality = Laterality.OD, EyeSeed = 77, Defects = defects }).Image);
    }

    [Fact]
    public void A_well_taken_image_is_centred_bright_enough_sharp_and_has_only_the_thin_margin_above_its_field_dark()
    {
        var q = Baseline.Value;
        q.MeanLuminance.Should().BeInRange(30, 90);
        q.CentreOffset.Should().BeLessThan(0.01);
        q.TopDarkRowFraction.Should().BeLessThan(0.08);
        q.LaplacianVariance.Should().BeGreaterThan(30);
    }

    [Theory]
    [InlineData(BlurKernel.Gaussian, 3.0)]
    [InlineData(BlurKernel.Box, 3.0)]
    public void Blur_lowers_the_variance_of_the_laplacian(BlurKernel kernel, double radius)
    {
        var blurred = Measure(new FundusDefects { BlurRadiusPx = radius, BlurKernel = kernel });
        blurred.LaplacianVariance.Should().BeLessThan(0.3 * Baseline.Value.LaplacianVariance);
        blurred.MeanLuminance.Should().BeApproximately(Baseline.Value.MeanLuminance, 2, "blur moves light around, it does not remove it");
    }

    [Fact]
    public void More_blur_lowers_it_further()
    {
        var slight = Measure(new FundusDefects { BlurRadiusPx = 1 });
        var strong = Measure(new FundusDefects { BlurRadiusPx = 4 });
        slight.LaplacianVariance.Should().BeLessThan(Baseline.Value.LaplacianVariance);
        strong.LaplacianVariance.Should().BeLessThan(slight.LaplacianVariance);
    }

    [Fact]
    public void Under_exposure_lowers_the_mean_luminance_and_over_exposure_raises_it()
    {
        var under = Measure(new FundusDefects { ExposureStops = -2 });
        var over = Measure(new FundusDefects { ExposureStops = 1.5 });

        under.MeanLuminance.Should().BeLessThan(0.7 * Baseline.Value.MeanLuminance);
        over.MeanLuminance.Should().BeGreaterThan(1.3 * Baseline.Value.MeanLuminance);
        under.CentreOffset.Should().BeLessThan(0.01, "a dim field is still found where it is");
    }

    [Theory]
    [InlineData(0.15, 0.0)]
    [InlineData(-0.12, 0.08)]
    [InlineData(0.0, -0.1)]
    public void An_off_centre_field_moves_the_centroid_of_the_bright_field_the_same_way(double dx, double dy)
    {
        var q = Measure(new FundusDefects { OffCentreX = dx, OffCentreY = dy });

        // Part of the field leaves the sensor, so the centroid moves somewhat less than the field itself.
        q.CentreOffsetX.Should().BeApproximately(dx, (Math.Abs(dx) * 0.35) + 0.01);
        q.CentreOffsetY.Should().BeApproximately(dy, (Math.Abs(dy) * 0.35) + 0.01);
        q.CentreOffset.Should().BeGreaterThan(Baseline.Value.CentreOffset + 0.05);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.35)]
    public void An_eyelid_shadow_darkens_the_top_rows(double shadow)
    {
        var q = Measure(new FundusDefects { EyelidShadow = shadow });

        q.TopDarkRowFraction.Should().BeGreaterThanOrEqualTo(shadow - 0.02);
        q.TopDarkRowFraction.Should().BeGreaterThan(Baseline.Value.TopDarkRowFraction + 0.1);
        q.MeanLuminance.Should().BeLessThan(Baseline.Value.MeanLuminance);
    }
}
