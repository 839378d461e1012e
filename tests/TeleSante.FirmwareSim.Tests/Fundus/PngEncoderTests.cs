using CsCheck;
using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.FirmwareSim.Tests.Support;

namespace TeleSante.FirmwareSim.Tests.Fundus;

public sealed class PngEncoderTests
{
    [Fact]
    public void A_fundus_png_decodes_to_the_captured_pixels_with_valid_crcs_and_its_metadata_in_a_text_chunk()
    {
        var camera = new FundusCamera(new FundusCameraOptions { DeviceId = "cam-1", SiteId = "ph-1", Width = 320, Height = 240, Seed = 3 });
        var capture = camera.Capture(Laterality.OD);

        var png = PngReader.Decode(capture.EncodePng());

        png.Width.Should().Be(320);
        png.Height.Should().Be(240);
        png.ChunkTypes[0].Should().Be("IHDR");
        png.ChunkTypes[^1].Should().Be("IEND");
        png.ChunkTypes.Should().Contain("IDAT");
        png.Rgb.Should().Equal(capture.Image.Pixels);
        FundusCaptureMetadata.FromJson(png.Text["Description"]).Should().Be(capture.Metadata);
    }

    [Fact]
    public void Any_image_survives_encoding_whatever_filter_each_row_gets()
    {
        // Random sizes and contents reach all five filter types and the row/column edge cases (1-pixel images).
        var images = Gen.Select(Gen.Int[1, 40], Gen.Int[1, 40]).SelectMany((w, h) => Gen.Byte.Array[w * h * 3].Select(p => new RgbImage(w, h, p)));
        images.Sample(image =>
        {
            var decoded = PngReader.Decode(PngEncoder.Encode(image));
            return decoded.Width == image.Width && decoded.Height == image.Height && decoded.Rgb.AsSpan().SequenceEqual(image.Pixels);
        }, iter: 300);
    }

    [Fact]
    public void Text_that_is_not_latin_1_is_refused()
    {
        var image = new RgbImage(1, 1, [1, 2, 3]);
        var encode = () => PngEncoder.Encode(image, new Dictionary<string, string> { ["Comment"] = "€" });
        encode.Should().Throw<ArgumentException>();
    }
}
