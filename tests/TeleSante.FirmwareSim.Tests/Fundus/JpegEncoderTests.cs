using System.Buffers.Binary;
using System.Text;
using CsCheck;
using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.FirmwareSim.Tests.Support;

namespace TeleSante.FirmwareSim.Tests.Fundus;

public sealed class JpegEncoderTests
{
    private const byte Soi = 0xD8, App0 = 0xE0, Com = 0xFE, Dqt = 0xDB, Sof0 = 0xC0, Dht = 0xC4, Sos = 0xDA, Eoi = 0xD9;

    private static FundusCapture Capture(int width = 320, int height = 240)
        => new FundusCamera(new FundusCameraOptions { DeviceId = "cam-1", SiteId = "ph-1", Width = width, Height = height, Seed = 3 }).Capture(Laterality.OD);

    private static RgbImage Uniform(int width, int height, byte r, byte g, byte b)
        => new(width, height, Enumerable.Range(0, width * height).SelectMany(_ => new[] { r, g, b }).ToArray());

    [Fact]
    public void A_fundus_jpeg_is_baseline_jfif_with_its_segments_in_order_and_the_true_size_in_sof0()
    {
        var segments = JpegMarkers.List(Capture().EncodeJpeg());

        segments.Select(s => s.Marker).Should().Equal(Soi, App0, Com, Dqt, Sof0, Dht, Sos, Eoi);
        Encoding.ASCII.GetString(segments[1].Payload, 0, 5).Should().Be("JFIF\0");
        var frame = segments[4].Payload;
        frame[0].Should().Be(8, "baseline is 8-bit");
        BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(1)).Should().Be(240);
        BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(3)).Should().Be(320);
        frame[5].Should().Be(3);
    }

    [Fact]
    public void A_fundus_jpeg_decodes_with_jpeglibrary_to_the_true_size_and_close_to_the_captured_pixels()
    {
        var capture = Capture();

        var decoded = JpegLibraryDecoder.Decode(capture.EncodeJpeg(quality: 92));

        decoded.Width.Should().Be(320);
        decoded.Height.Should().Be(240);

        // Measured at quality 92 (4:4:4): 1.09, 0.85, 1.16 levels for R, G, B; 15,052 bytes against
        // 89,058 for the PNG.
        decoded.MeanAbsoluteError(capture.Image.Pixels).Should().OnlyContain(e => e < 2.0);
    }

    [Fact]
    public async Task Libjpeg_turbo_decodes_a_fundus_jpeg_without_a_warning()
    {
        var capture = Capture();

        var (decoded, output) = await Djpeg.DecodeAsync(capture.EncodeJpeg(quality: 92));

        output.Should().BeEmpty("libjpeg warns about stray bytes and malformed segments it tolerates");
        decoded.Width.Should().Be(320);
        decoded.Height.Should().Be(240);

        // Measured: 1.21, 0.98, 1.28 levels (djpeg's default integer IDCT rounds a little differently).
        decoded.MeanAbsoluteError(capture.Image.Pixels).Should().OnlyContain(e => e < 2.0);
    }

    [Fact]
    public void The_capture_metadata_round_trips_through_the_jpeg_comment()
    {
        var capture = Capture();

        FundusCaptureMetadata.FromJpeg(capture.EncodeJpeg()).Should().Be(capture.Metadata);
    }

    [Fact]
    public async Task Metadata_longer_than_one_comment_segment_is_split_over_several_and_reassembled()
    {
        var capture = Capture(64, 48);
        capture = capture with { Metadata = capture.Metadata with { SessionId = new string('s', 150_000) } };
        var json = Encoding.UTF8.GetByteCount(capture.Metadata.ToJson());

        var jpeg = capture.EncodeJpeg();

        var comments = JpegMarkers.List(jpeg).Where(s => s.Marker == Com).Select(s => s.Payload.Length).ToList();
        comments.Should().Equal(65_533, 65_533, json - (2 * 65_533));
        FundusCaptureMetadata.FromJpeg(jpeg).Should().Be(capture.Metadata);
        var (decoded, output) = await Djpeg.DecodeAsync(jpeg);
        output.Should().BeEmpty();
        decoded.Width.Should().Be(64);
    }

    [Fact]
    public void A_higher_quality_gives_a_larger_file()
    {
        var capture = Capture();

        // Measured on this 320x240 capture: 3,796 bytes at quality 10 up to 72,172 at 100.
        var sizes = new[] { 1, 10, 30, 50, 70, 85, 92, 95, 98, 100 }.Select(q => capture.EncodeJpeg(q).Length).ToList();

        sizes.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData(37, 23)]
    [InlineData(1, 1)]
    [InlineData(8, 8)]
    [InlineData(9, 17)]
    [InlineData(61, 3)]
    public void Sizes_that_are_not_multiples_of_8_keep_their_size_and_their_edges(int width, int height)
    {
        // A flat colour stays flat only if partial blocks are padded by replication: padding with
        // any other value puts an edge in the last blocks, whose ringing reaches the real pixels.
        var image = Uniform(width, height, 200, 120, 60);

        var decoded = JpegLibraryDecoder.Decode(JpegEncoder.Encode(image, quality: 92));

        decoded.Width.Should().Be(width);
        decoded.Height.Should().Be(height);
        decoded.Rgb.Zip(image.Pixels, (a, b) => Math.Abs(a - b)).Max().Should().BeLessThanOrEqualTo(1);
    }

    [Fact]
    public void An_odd_sized_fundus_capture_decodes_close_to_its_pixels_up_to_its_edges()
    {
        var capture = Capture(37, 23);

        var decoded = JpegLibraryDecoder.Decode(capture.EncodeJpeg());

        decoded.Width.Should().Be(37);
        decoded.Height.Should().Be(23);

        // Measured: 2.55, 1.66, 2.48 levels, more than at 320x240 because the whole retina (disc,
        // vessels) is squeezed into 37x23 pixels. Pixels in the partial blocks (x >= 32 or y >= 16)
        // err less than the others (1.89 against 2.46 levels): the padding adds nothing to code.
        decoded.MeanAbsoluteError(capture.Image.Pixels).Should().OnlyContain(e => e < 4.0);
        var errors = decoded.Rgb.Zip(capture.Image.Pixels, (a, b) => (double)Math.Abs(a - b)).Chunk(3).Select((e, i) => (X: i % 37, Y: i / 37, Error: e.Average())).ToList();
        var partial = errors.Where(p => p.X >= 32 || p.Y >= 16).Average(p => p.Error);
        var full = errors.Where(p => p.X < 32 && p.Y < 16).Average(p => p.Error);
        partial.Should().BeLessThan(full * 1.25);
    }

    [Fact]
    public void Any_image_survives_quality_100_nearly_exactly()
    {
        // Random pixels give coefficients of every size category and every run length, so a wrong
        // Huffman code or bit count anywhere would scramble the rest of the scan (errors of tens or
        // hundreds of levels). What remains at quality 100 is rounding: at most 3 levels on any
        // pixel over 20,000 random images of 1x1 to 3x3 and 500 of up to 40x40.
        var images = Gen.Select(Gen.Int[1, 40], Gen.Int[1, 40]).SelectMany((w, h) => Gen.Byte.Array[w * h * 3].Select(p => new RgbImage(w, h, p)));
        images.Sample(image =>
        {
            var decoded = JpegLibraryDecoder.Decode(JpegEncoder.Encode(image, quality: 100));
            return decoded.Width == image.Width && decoded.Height == image.Height && decoded.Rgb.Zip(image.Pixels, (a, b) => Math.Abs(a - b)).Max() <= 6;
        }, iter: 200);
    }

    [Fact]
    public async Task Extreme_blocks_need_the_largest_dc_and_ac_categories_and_still_decode()
    {
        // Black then white blocks make a DC difference of 2,040 at quality 100 (category 11), and a
        // one-pixel checkerboard the largest AC coefficient (category 10).
        const int Width = 24, Height = 8;
        var pixels = new byte[Width * Height * 3];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var white = x / 8 == 1 || (x / 8 == 2 && (x + y) % 2 == 0);
                pixels.AsSpan(((y * Width) + x) * 3, 3).Fill(white ? (byte)255 : (byte)0);
            }
        }

        var image = new RgbImage(Width, Height, pixels);
        var jpeg = JpegEncoder.Encode(image, quality: 100);

        var (decoded, output) = await Djpeg.DecodeAsync(jpeg);
        output.Should().BeEmpty();
        decoded.Rgb.Zip(pixels, (a, b) => Math.Abs(a - b)).Max().Should().BeLessThanOrEqualTo(2);
        JpegLibraryDecoder.Decode(jpeg).Rgb.Zip(pixels, (a, b) => Math.Abs(a - b)).Max().Should().BeLessThanOrEqualTo(2);
    }

    [Fact]
    public void Encode_returns_the_chosen_format_with_its_media_type()
    {
        var capture = Capture(64, 48);

        var png = capture.Encode(FundusFileFormat.Png);
        var jpeg = capture.Encode(FundusFileFormat.Jpeg);

        png.ContentType.Should().Be("image/png");
        png.Content.Should().Equal(capture.EncodePng());
        jpeg.ContentType.Should().Be("image/jpeg");
        jpeg.Content.Should().Equal(capture.EncodeJpeg());
    }

    [Fact]
    public void Quality_outside_1_to_100_and_files_without_a_comment_are_refused()
    {
        var image = Uniform(8, 8, 1, 2, 3);

        FluentActions.Invoking(() => JpegEncoder.Encode(image, quality: 0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => JpegEncoder.Encode(image, quality: 101)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => FundusCaptureMetadata.FromJpeg(JpegEncoder.Encode(image))).Should().Throw<InvalidDataException>();
        FluentActions.Invoking(() => FundusCaptureMetadata.FromJpeg(Capture(16, 16).EncodePng())).Should().Throw<InvalidDataException>();
    }
}
