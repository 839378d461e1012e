namespace TeleSante.Imaging.Tests;

/// <summary>
/// PNGs whose every chunk is well formed (correct CRCs, IHDR first, IEND last) but whose image data
/// no viewer can decode: refused as Corrupt with a detail saying why, before anything is stored.
/// </summary>
public sealed class PngDecodeTests
{
    private const long MaxPixels = 50_000_000;

    private static ImageRejectedException Refusal(byte[] png)
    {
        var act = () => ImageProbe.Probe(new MemoryStream(png), MaxPixels);
        return act.Should().Throw<ImageRejectedException>().Which;
    }

    [Fact]
    public void A_png_without_image_data_is_corrupt()
    {
        var refusal = Refusal(TestImages.PngOf(TestImages.Header(640, 480)));

        refusal.Reason.Should().Be(ImageRejection.Corrupt);
        refusal.Message.Should().Contain("no IDAT");
    }

    [Fact]
    public void Image_data_that_is_not_zlib_is_corrupt()
    {
        var notZlib = Enumerable.Range(0, 500).Select(i => (byte)(i * 7)).ToArray();

        var refusal = Refusal(TestImages.PngOf(TestImages.Header(16, 16), ("IDAT", notZlib)));

        refusal.Reason.Should().Be(ImageRejection.Corrupt);
        refusal.Message.Should().Contain("not a valid zlib stream");
    }

    [Fact]
    public void A_zlib_bomb_is_refused_after_inflating_no_more_than_the_header_promises()
    {
        // 640x480 RGB promises 480 × (1 + 1920) bytes; this inflates to 200 MB from about 200 KB.
        var bomb = TestImages.Zlib(new byte[200 * 1024 * 1024]);
        bomb.Length.Should().BeLessThan(300_000);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var refusal = Refusal(TestImages.PngOf(TestImages.Header(640, 480), ("IDAT", bomb)));

        refusal.Reason.Should().Be(ImageRejection.Corrupt);
        refusal.Message.Should().Contain("more than the 922080 bytes its header promises");
        (GC.GetTotalAllocatedBytes(precise: true) - before).Should().BeLessThan(16 * 1024 * 1024, "the inflate streams through a small buffer");
    }

    [Fact]
    public void Image_data_shorter_than_the_header_promises_is_corrupt()
    {
        var rows = TestImages.Scanlines(32, 20, interlaced: false);

        var refusal = Refusal(TestImages.PngOf(TestImages.Header(32, 21), ("IDAT", TestImages.Zlib(rows))));

        refusal.Reason.Should().Be(ImageRejection.Corrupt);
        refusal.Message.Should().Contain($"inflates to {rows.Length} bytes but its header promises {21 * (1 + (32 * 3))}");
    }

    [Fact]
    public void Image_data_longer_than_the_header_promises_is_corrupt()
    {
        var rows = TestImages.Scanlines(32, 20, interlaced: false);

        var refusal = Refusal(TestImages.PngOf(TestImages.Header(32, 19), ("IDAT", TestImages.Zlib(rows))));

        refusal.Message.Should().Contain("inflates to more than");
    }

    [Fact]
    public void A_scanline_with_an_unknown_filter_type_is_corrupt()
    {
        var rows = TestImages.Scanlines(32, 20, interlaced: false);
        rows[7 * (1 + (32 * 3))] = 5;

        var refusal = Refusal(TestImages.PngOf(TestImages.Header(32, 20), ("IDAT", TestImages.Zlib(rows))));

        refusal.Reason.Should().Be(ImageRejection.Corrupt);
        refusal.Message.Should().Contain("scanline 7 has filter type 5");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(40)]
    public void A_deflate_stream_cut_short_is_corrupt_even_when_every_pixel_came_out(int bytesCut)
    {
        var rows = TestImages.Scanlines(32, 20, interlaced: false);
        var zlib = TestImages.Zlib(rows);

        var refusal = Refusal(TestImages.PngOf(TestImages.Header(32, 20), ("IDAT", zlib[..^bytesCut])));

        refusal.Reason.Should().Be(ImageRejection.Corrupt);
    }

    [Fact]
    public void Image_data_split_over_several_idat_chunks_decodes()
    {
        var zlib = TestImages.Zlib(TestImages.Scanlines(50, 30, interlaced: false));
        var png = TestImages.PngOf(TestImages.Header(50, 30), ("IDAT", zlib[..10]), ("IDAT", []), ("IDAT", zlib[10..^2]), ("IDAT", zlib[^2..]));

        ImageProbe.Probe(new MemoryStream(png), MaxPixels).Should().Be(new ImageInfo(ImageFormat.Png, 50, 30));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 3)]
    [InlineData(37, 23)]
    public void An_interlaced_png_decodes_with_the_adam7_sizes(int width, int height)
    {
        var png = TestImages.PngOf(TestImages.Header(width, height, interlace: 1), ("IDAT", TestImages.Zlib(TestImages.Scanlines(width, height, interlaced: true))));

        ImageProbe.Probe(new MemoryStream(png), MaxPixels).Should().Be(new ImageInfo(ImageFormat.Png, width, height));
    }

    [Fact]
    public void An_interlaced_png_with_the_non_interlaced_length_is_corrupt()
    {
        var png = TestImages.PngOf(TestImages.Header(37, 23, interlace: 1), ("IDAT", TestImages.Zlib(TestImages.Scanlines(37, 23, interlaced: false))));

        Refusal(png).Reason.Should().Be(ImageRejection.Corrupt);
    }

    [Theory]
    [InlineData(2, 4, "colour type 2 with bit depth 4")]
    [InlineData(6, 1, "colour type 6 with bit depth 1")]
    [InlineData(3, 16, "colour type 3 with bit depth 16")]
    [InlineData(5, 8, "colour type 5 with bit depth 8")]
    public void Impossible_bit_depth_and_colour_type_combinations_are_corrupt(byte colourType, byte bitDepth, string detail)
    {
        var png = TestImages.PngOf(TestImages.Header(8, 8, bitDepth, colourType), ("IDAT", TestImages.Zlib(new byte[8 * 17])));

        Refusal(png).Message.Should().Contain(detail);
    }

    [Fact]
    public void A_palette_image_without_a_palette_is_corrupt_and_with_one_decodes()
    {
        var rows = new byte[4 * (1 + 4)];
        var header = TestImages.Header(4, 4, bitDepth: 8, colourType: 3);

        Refusal(TestImages.PngOf(header, ("IDAT", TestImages.Zlib(rows)))).Message.Should().Contain("without a PLTE");
        ImageProbe.Probe(new MemoryStream(TestImages.PngOf(header, ("PLTE", new byte[12]), ("IDAT", TestImages.Zlib(rows)))), MaxPixels).Width.Should().Be(4);
    }

    [Fact]
    public void A_palette_after_the_image_data_or_an_unknown_critical_chunk_is_corrupt()
    {
        var rows = TestImages.Zlib(new byte[4 * (1 + 4)]);
        var header = TestImages.Header(4, 4, bitDepth: 8, colourType: 3);

        Refusal(TestImages.PngOf(header, ("IDAT", rows), ("PLTE", new byte[12]))).Message.Should().Contain("PLTE");
        Refusal(TestImages.PngOf(header, ("PLTE", new byte[12]), ("ZZZZ", [1]), ("IDAT", rows))).Message.Should().Contain("unknown critical chunk 'ZZZZ'");
    }

    [Fact]
    public void The_pixel_limit_is_checked_before_any_inflating()
    {
        var act = () => ImageProbe.Probe(new MemoryStream(TestImages.PngOf(TestImages.Header(100_000, 100_000), ("IDAT", [1, 2, 3]))), MaxPixels);

        act.Should().Throw<ImageRejectedException>().Which.Reason.Should().Be(ImageRejection.TooLarge);
    }
}
