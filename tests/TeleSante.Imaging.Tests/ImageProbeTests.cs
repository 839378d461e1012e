namespace TeleSante.Imaging.Tests;

public sealed class ImageProbeTests
{
    private const long NoPixelLimit = long.MaxValue;

    [Fact]
    public void Png_format_and_size_come_from_its_header()
    {
        var info = ImageProbe.Probe(new MemoryStream(TestImages.Png(37, 23)), NoPixelLimit);

        info.Should().Be(new ImageInfo(ImageFormat.Png, 37, 23));
        info.ContentType.Should().Be("image/png");
    }

    [Fact]
    public void Jpeg_size_is_read_from_the_frame_header_even_behind_a_large_exif_block()
    {
        var info = ImageProbe.Probe(new MemoryStream(TestImages.Jpeg(2048, 1536, exifBytes: 60_000)), NoPixelLimit);

        info.Should().Be(new ImageInfo(ImageFormat.Jpeg, 2048, 1536));
    }

    [Fact]
    public void A_png_cut_anywhere_is_refused_as_corrupt()
    {
        var png = TestImages.Png(40, 30);

        // Every cut point: inside the signature, a chunk header, chunk data, a CRC, IEND.
        for (var length = 4; length < png.Length; length++)
        {
            var act = () => ImageProbe.Probe(new MemoryStream(png[..length]), NoPixelLimit);
            act.Should().Throw<ImageRejectedException>().Which.Reason.Should().BeOneOf(ImageRejection.Corrupt, ImageRejection.UnsupportedFormat);
        }
    }

    [Fact]
    public void A_png_with_a_flipped_bit_in_its_pixels_fails_the_chunk_crc()
    {
        var png = TestImages.Png(40, 30);
        png[60] ^= 0x10;

        var act = () => ImageProbe.Probe(new MemoryStream(png), NoPixelLimit);

        act.Should().Throw<ImageRejectedException>().Where(e => e.Reason == ImageRejection.Corrupt && e.Message.Contains("CRC"));
    }

    [Fact]
    public void Bytes_after_the_png_end_are_refused()
    {
        byte[] png = [.. TestImages.Png(8, 8), 0, 1, 2];

        var act = () => ImageProbe.Probe(new MemoryStream(png), NoPixelLimit);

        act.Should().Throw<ImageRejectedException>().Where(e => e.Reason == ImageRejection.Corrupt && e.Message.Contains("after the PNG's IEND"));
    }

    [Fact]
    public void A_jpeg_without_its_end_marker_is_refused_as_cut_short()
    {
        var jpeg = TestImages.Jpeg(640, 480);

        var act = () => ImageProbe.Probe(new MemoryStream(jpeg[..^2]), NoPixelLimit);

        act.Should().Throw<ImageRejectedException>().Where(e => e.Reason == ImageRejection.Corrupt && e.Message.Contains("EOI"));
    }

    [Fact]
    public void A_jpeg_cut_inside_its_headers_is_refused()
    {
        var jpeg = TestImages.Jpeg(640, 480, exifBytes: 1000);
        byte[] cut = [.. jpeg[..500], 0xFF, 0xD9];

        var act = () => ImageProbe.Probe(new MemoryStream(cut), NoPixelLimit);

        act.Should().Throw<ImageRejectedException>().Which.Reason.Should().Be(ImageRejection.Corrupt);
    }

    [Theory]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0, 0 })]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 })]
    public void Other_formats_are_refused_as_unsupported(byte[] bytes)
    {
        var act = () => ImageProbe.Probe(new MemoryStream(bytes), NoPixelLimit);

        act.Should().Throw<ImageRejectedException>().Which.Reason.Should().Be(ImageRejection.UnsupportedFormat);
    }

    [Fact]
    public void An_image_declaring_more_pixels_than_allowed_is_refused_before_anyone_decodes_it()
    {
        var act = () => ImageProbe.Probe(new MemoryStream(TestImages.JpegHeadersOnly(60_000, 60_000)), maxPixels: 50_000_000);

        act.Should().Throw<ImageRejectedException>().Where(e => e.Reason == ImageRejection.TooLarge && e.Message.Contains("60000x60000"));
    }
}
