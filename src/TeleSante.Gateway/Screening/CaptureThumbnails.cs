using Microsoft.Extensions.Options;
using SkiaSharp;
using TeleSante.Gateway.Infrastructure;
using TeleSante.Imaging;

namespace TeleSante.Gateway.Screening;

/// <summary>
/// Downscaled JPEG copies of fundus photographs for the operator's capture page (issue 13). Each is made once, the first
/// time it is asked for, and kept under <c>screening-thumbnails/</c> in the data directory, named by the photograph's
/// SHA-256 and the thumbnail settings: the page's polls never decode a full photograph again. A JPEG is decoded at a
/// reduced DCT scale (libjpeg's 1/2, 1/4, 1/8) before the last resize, so a 2-megapixel photograph costs a fraction of a
/// full decode; the photograph's pixel count was already bounded at upload (<c>Imaging:MaxPixels</c>).
/// </summary>
internal sealed class CaptureThumbnails : IDisposable
{
    private readonly IImageStore _images;
    private readonly CaptureThumbnailOptions _options;
    private readonly string _directory;
    private readonly SemaphoreSlim _making;

    public CaptureThumbnails(DataPaths paths, IImageStore images, IOptions<CaptureThumbnailOptions> options)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _images = images;
        _options = options.Value;
        _directory = Path.Combine(paths.DataDirectory, "screening-thumbnails");
        _making = new SemaphoreSlim(_options.MaxConcurrent, _options.MaxConcurrent);
    }

    /// <summary>The path of the photograph's thumbnail, made now if it does not exist yet.</summary>
    public async Task<string> PathAsync(StoredImage image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var path = Path.Combine(_directory, $"{image.Sha256}-{_options.LongSide}-q{_options.JpegQuality}.jpg");
        if (File.Exists(path))
        {
            return path;
        }

        await _making.WaitAsync(cancellationToken);
        try
        {
            // Made by a request that held the slot before us: nothing to do.
            if (File.Exists(path))
            {
                return path;
            }

            byte[] jpeg;
            await using (var source = _images.OpenRead(image))
            {
                jpeg = Make(source, _options.LongSide, _options.JpegQuality);
            }

            Directory.CreateDirectory(_directory);
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            await File.WriteAllBytesAsync(temp, jpeg, cancellationToken);
            // Renamed whole into place: a reader never serves half a file.
            File.Move(temp, path, overwrite: true);
            return path;
        }
        finally
        {
            _making.Release();
        }
    }

    internal static byte[] Make(Stream source, int longSide, int quality)
    {
        using var codec = SKCodec.Create(source) ?? throw new InvalidDataException("the photograph could not be decoded for its thumbnail");
        var full = codec.Info;
        var scale = Math.Min(1f, (float)longSide / Math.Max(full.Width, full.Height));
        var (width, height) = (Math.Max(1, (int)Math.Round(full.Width * scale)), Math.Max(1, (int)Math.Round(full.Height * scale)));
        // The codec's nearest supported scale at or above the target (JPEG: n/8), then a filtered resize to the exact size.
        var decoded = codec.GetScaledDimensions(scale);
        if (decoded.Width < width || decoded.Height < height)
        {
            decoded = new SKSizeI(full.Width, full.Height);
        }

        var info = new SKImageInfo(decoded.Width, decoded.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            throw new InvalidDataException($"the photograph could not be decoded for its thumbnail ({result})");
        }

        using var resized = decoded.Width == width && decoded.Height == height ? bitmap.Copy() : bitmap.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), SKFilterQuality.Medium);
        using var image = SKImage.FromBitmap(resized);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, quality);
        return data.ToArray();
    }

    public void Dispose() => _making.Dispose();
}
