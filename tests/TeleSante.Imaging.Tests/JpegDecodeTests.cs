namespace TeleSante.Imaging.Tests;

/// <summary>JPEGs with well-formed markers (SOI, frame header, EOI) whose scans do not decode.</summary>
public sealed class JpegDecodeTests
{
    private const long MaxPixels = 50_000_000;

    [Theory]
    [InlineData(8, 8)]
    [InlineData(33, 17)]
    [InlineData(640, 480)]
    public void A_real_baseline_jpeg_decodes(int width, int height)
    {
        ImageProbe.Probe(new MemoryStream(TestImages.Jpeg(width, height)), MaxPixels).Should().Be(new ImageInfo(ImageFormat.Jpeg, width, height));
    }

    [Fact]
    public void A_jpeg_whose_scan_is_not_huffman_data_is_corrupt()
    {
        var act = () => ImageProbe.Probe(new MemoryStream(TestImages.JpegHeadersOnly(640, 480)), MaxPixels);

        act.Should().Throw<ImageRejectedException>().Where(e => e.Reason == ImageRejection.Corrupt && e.Message.StartsWith("JPEG does not decode", StringComparison.Ordinal));
    }

    [Fact]
    public void A_jpeg_with_zeroed_scan_bytes_is_corrupt()
    {
        var jpeg = TestImages.Jpeg(640, 480);
        jpeg.AsSpan(jpeg.Length / 2, 400).Clear();

        var act = () => ImageProbe.Probe(new MemoryStream(jpeg), MaxPixels);

        // Zero bits are valid codes in the standard tables: the scan decodes to nonsense and runs out
        // of data before its last MCU, which a lenient decoder would paint grey.
        act.Should().Throw<ImageRejectedException>().Which.Reason.Should().Be(ImageRejection.Corrupt);
    }

    [Fact]
    public void A_jpeg_whose_scan_was_cut_but_still_ends_with_eoi_is_corrupt()
    {
        var jpeg = TestImages.Jpeg(640, 480);
        byte[] cut = [.. jpeg[..(jpeg.Length * 2 / 3)], 0xFF, 0xD9];

        var act = () => ImageProbe.Probe(new MemoryStream(cut), MaxPixels);

        act.Should().Throw<ImageRejectedException>().Where(e => e.Reason == ImageRejection.Corrupt && e.Message.Contains("ends early"));
    }
}
