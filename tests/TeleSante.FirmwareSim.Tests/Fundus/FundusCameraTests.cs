using TeleSante.FirmwareSim.Devices.Fundus;

namespace TeleSante.FirmwareSim.Tests.Fundus;

public sealed class FundusCameraTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 11, 0, 0, TimeSpan.Zero);

    private static FundusCamera Camera(double noise = 1.0, int width = 384, int height = 288) => new(new FundusCameraOptions
    {
        DeviceId = "ph-lyon-03-fundus",
        SiteId = "pharma-lyon-03",
        Width = width,
        Height = height,
        SensorNoise = noise,
        Seed = 8,
    });

    private static FundusCapture Capture(FundusCamera camera, Laterality laterality, FundusField field = FundusField.MaculaCentred)
        => camera.Capture(new FundusCaptureRequest { Laterality = laterality, Field = field, EyeSeed = 1234, CapturedAt = At, SessionId = "cons-eye" });

    /// <summary>Centroid of the brightest 0.5 % of pixels: the optic disc, found from pixels alone.</summary>
    private static (double X, double Y) BrightestSpot(RgbImage image)
    {
        var pixels = Enumerable.Range(0, image.Width * image.Height).Select(i => (X: i % image.Width, Y: i / image.Width, L: image.Luma(i % image.Width, i / image.Width))).OrderByDescending(p => p.L).Take(image.Width * image.Height / 200).ToList();
        return (pixels.Average(p => p.X), pixels.Average(p => p.Y));
    }

    [Fact]
    public void The_left_eye_is_the_exact_mirror_of_the_right_eye_of_the_same_retina()
    {
        var camera = Camera(noise: 0);
        var od = Capture(camera, Laterality.OD);
        var os = Capture(camera, Laterality.OS);

        os.Image.Pixels.Should().Equal(od.Image.MirroredHorizontally().Pixels);
        os.Metadata.DiscCentreX.Should().BeApproximately(od.Image.Width - 1 - od.Metadata.DiscCentreX, 0.01);
        os.Metadata.DiscCentreY.Should().Be(od.Metadata.DiscCentreY);
    }

    [Fact]
    public void In_a_macula_centred_field_the_disc_is_right_of_centre_for_OD_and_left_for_OS_as_the_pixels_show()
    {
        var camera = Camera();
        foreach (var (laterality, side) in new[] { (Laterality.OD, 1), (Laterality.OS, -1) })
        {
            var capture = Capture(camera, laterality);
            var m = capture.Metadata;
            var centreX = (capture.Image.Width - 1) / 2.0;
            m.FoveaX.Should().BeApproximately(centreX, 0.5);
            Math.Sign(m.DiscCentreX - centreX).Should().Be(side);
            (Math.Abs(m.DiscCentreX - m.FoveaX) / m.DiscDiameterPx).Should().BeApproximately(2.5, 0.01, "the fovea is 2.5 disc diameters temporal to the disc");

            var (x, y) = BrightestSpot(capture.Image);
            x.Should().BeApproximately(m.DiscCentreX, m.DiscDiameterPx / 2, "the brightest spot in the image is the disc");
            y.Should().BeApproximately(m.DiscCentreY, m.DiscDiameterPx / 2);
        }
    }

    [Fact]
    public void In_a_disc_centred_field_the_disc_is_at_the_centre_and_the_darker_macula_temporal_to_it()
    {
        var capture = Capture(Camera(), Laterality.OD, FundusField.DiscCentred);
        var m = capture.Metadata;
        var image = capture.Image;

        m.DiscCentreX.Should().BeApproximately((image.Width - 1) / 2.0, 0.5);
        m.FoveaX.Should().BeLessThan(m.DiscCentreX, "temporal is to the left in a right eye");
        var fovea = Mean(image, m.FoveaX, m.FoveaY, 0, 0.1 * m.DiscDiameterPx);
        var surround = Mean(image, m.FoveaX, m.FoveaY, 1.2 * m.DiscDiameterPx, 1.5 * m.DiscDiameterPx);
        fovea.Should().BeLessThan(0.85 * surround, "the macula is a darker spot");
    }

    [Fact]
    public void Metadata_records_the_request_and_round_trips_through_json()
    {
        var camera = Camera();
        var defects = new FundusDefects { BlurRadiusPx = 2, ExposureStops = -1, EyelidShadow = 0.2 };
        var capture = camera.Capture(new FundusCaptureRequest { Laterality = Laterality.OS, Field = FundusField.DiscCentred, Defects = defects, CapturedAt = At, SessionId = "cons-9" });
        var m = capture.Metadata;

        (m.DeviceId, m.SiteId, m.SessionId, m.Laterality, m.Field, m.Width, m.Height, m.CapturedAt, m.ExposureStops, m.Defects)
            .Should().Be(("ph-lyon-03-fundus", "pharma-lyon-03", "cons-9", Laterality.OS, FundusField.DiscCentred, 384, 288, At, -1.0, defects));
        m.CaptureId.Should().Be("ph-lyon-03-fundus-1");
        var json = m.ToJson();
        json.Should().Contain("\"laterality\":\"OS\"").And.Contain("\"field\":\"DiscCentred\"").And.Contain("\"blurKernel\":\"Gaussian\"");
        FundusCaptureMetadata.FromJson(json).Should().Be(m);
    }

    [Fact]
    public void The_same_seed_gives_the_same_image_and_a_new_capture_a_new_eye()
    {
        var a = Camera().Capture(Laterality.OD);
        var b = Camera().Capture(Laterality.OD);
        a.Image.Pixels.Should().Equal(b.Image.Pixels);
        a.Metadata.EyeSeed.Should().Be(b.Metadata.EyeSeed);

        var camera = Camera();
        camera.Capture(Laterality.OD).Metadata.EyeSeed.Should().NotBe(camera.Capture(Laterality.OD).Metadata.EyeSeed);
    }

    private static double Mean(RgbImage image, double cx, double cy, double rMin, double rMax)
    {
        double sum = 0;
        var n = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var r = Math.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy)));
                if (r >= rMin && r <= rMax)
                {
                    sum += image.Luma(x, y);
                    n++;
                }
            }
        }

        return sum / n;
    }
}
