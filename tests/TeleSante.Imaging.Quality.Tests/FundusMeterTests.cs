using TeleSante.FirmwareSim.Devices.Fundus;

namespace TeleSante.Imaging.Quality.Tests;

/// <summary>
/// Each measurement moves, on the same retina, when and only in the way its defect should move it, from the bytes alone
/// (PNG and JPEG decoded by MLImage); and nothing is decoded beyond the header's pixel limit.
/// </summary>
public sealed class FundusMeterTests
{
    private static readonly Lazy<FundusMeasurements> Good = new(() => Photographs.Measure(FundusDefectKind.None, 0));

    [Theory]
    [InlineData(FundusFileFormat.Png)]
    [InlineData(FundusFileFormat.Jpeg)]
    public void A_good_photograph_has_its_field_of_view_found_and_its_disc_where_the_field_puts_it(FundusFileFormat format)
    {
        foreach (var eye in new[] { Laterality.OD, Laterality.OS })
        {
            foreach (var field in new[] { FundusField.MaculaCentred, FundusField.DiscCentred })
            {
                var m = Photographs.Measure(Photographs.Capture(FundusDefectKind.None, 0, eye, field), format);

                m.FieldOfViewRadius.Should().BeApproximately(0.47, 0.02, "the camera's field stop is 0.47 of the short side");
                m.DiscOffset.Should().BeLessThan(0.1, $"{eye} {field}: the disc is found where the declared field puts it");
                m.DiscProminence.Should().BeGreaterThan(1.5);
                m.ShadowFraction.Should().BeLessThan(0.05);
            }
        }
    }

    [Fact]
    public void Declaring_the_other_eye_of_a_macula_centred_field_puts_the_disc_on_the_wrong_side()
    {
        var capture = Photographs.Capture(FundusDefectKind.None, 0, Laterality.OD);

        Photographs.Measure(capture, declaredEye: EyeLaterality.OS).DiscOffset.Should().BeGreaterThan(1.0);
        Photographs.Measure(capture, declaredField: RetinalField.Other).DiscOffset.Should().Be(0, "no expectation for another field");
    }

    [Theory]
    [InlineData(FundusFileFormat.Png)]
    [InlineData(FundusFileFormat.Jpeg)]
    public void Defocus_lowers_the_focus_measure_in_both_formats(FundusFileFormat format)
    {
        // Not FocusRatio: on a small lossless capture the sensor noise left after the blur is the finest scale there is.
        var blurred = Photographs.Measure(FundusDefectKind.OutOfFocus, 0.7, format);

        blurred.Focus.Should().BeLessThan(0.5 * Good.Value.Focus);
    }

    [Fact]
    public void Under_exposure_darkens_the_field_and_over_exposure_clips_it()
    {
        var dark = Photographs.Measure(FundusDefectKind.UnderExposed, 0.8);
        var bright = Photographs.Measure(FundusDefectKind.OverExposed, 0.8);

        dark.MeanLuma.Should().BeLessThan(0.6 * Good.Value.MeanLuma);
        dark.UnderExposed.Should().BeGreaterThan(Good.Value.UnderExposed + 0.3);
        bright.OverExposed.Should().BeGreaterThan(Good.Value.OverExposed + 0.3);
        bright.MeanLuma.Should().BeGreaterThan(Good.Value.MeanLuma);
    }

    [Fact]
    public void Low_contrast_lowers_the_contrast_measure_not_the_exposure()
    {
        var hazy = Photographs.Measure(FundusDefectKind.LowContrast, 0.8);

        hazy.Contrast.Should().BeLessThan(0.5 * Good.Value.Contrast);
        hazy.MeanLuma.Should().BeApproximately(Good.Value.MeanLuma, 0.15 * Good.Value.MeanLuma);
    }

    [Fact]
    public void A_wrong_field_moves_the_disc_away_from_where_the_declared_field_puts_it()
    {
        Photographs.Measure(FundusDefectKind.WrongField, 1).DiscOffset.Should().BeGreaterThan(0.5);
    }

    [Fact]
    public void An_eyelid_shadow_darkens_the_top_band_of_the_field()
    {
        var shaded = Photographs.Measure(FundusDefectKind.EyelidShadow, 0.8);

        shaded.ShadowFraction.Should().BeGreaterThan(0.5);
        shaded.ShadowRatio.Should().BeLessThan(0.5 * Good.Value.ShadowRatio);
        shaded.FieldOfViewRadius.Should().BeApproximately(Good.Value.FieldOfViewRadius, 0.02, "the field is found below the shadow");
    }

    [Fact]
    public void A_black_frame_has_no_field_of_view()
    {
        var black = new RgbImage(320, 240, new byte[320 * 240 * 3]);
        using var stream = new MemoryStream(PngEncoder.Encode(black));

        FundusMeter.Measure(stream, 50_000_000, EyeLaterality.OD, RetinalField.MaculaCentred, Photographs.Options).Should().Be(FundusMeasurements.NoField);
    }

    [Fact]
    public void A_photograph_over_the_pixel_limit_is_refused_from_its_header_before_any_decoding()
    {
        using var stream = new MemoryStream(Photographs.Capture(FundusDefectKind.None, 0).EncodeJpeg());

        var measure = () => FundusMeter.Measure(stream, 640 * 479, EyeLaterality.OD, RetinalField.MaculaCentred, Photographs.Options);

        measure.Should().Throw<ImageRejectedException>().Which.Reason.Should().Be(ImageRejection.TooLarge);
    }

    [Fact]
    public void A_2_megapixel_and_a_small_capture_of_the_same_retina_measure_alike()
    {
        var large = Photographs.Measure(Photographs.Capture(FundusDefectKind.None, 0, width: 1600, height: 1200));

        large.MeanLuma.Should().BeApproximately(Good.Value.MeanLuma, 0.03);
        large.Contrast.Should().BeApproximately(Good.Value.Contrast, 0.2 * Good.Value.Contrast);
        large.DiscOffset.Should().BeLessThan(0.1);
    }
}
