using System.Buffers;
using System.Security.Cryptography;
using TeleSante.Domain.Validation;
using TeleSante.Durability;
using TeleSante.Imaging.Internal;

namespace TeleSante.Imaging;

/// <summary>
/// Photographs as content-addressed files (blobs/ab/abcdef…, named by SHA-256, so a resend or the
/// same picture under two captures is one file) plus a SQLite catalogue by session. An upload is
/// written to incoming/, fsync'd, checked, renamed into place and the directory fsync'd before its
/// catalogue row is inserted: when <see cref="StoreAsync"/> returns, a power cut loses nothing.
/// Nothing refused stays on disk: the capture is looked up before its blob is placed (a conflict or
/// a resend never places one), a blob placed for a row that then fails is removed unless another row
/// names the same bytes, and placing, inserting and removing run one at a time so that a blob shared
/// by two captures is never removed under the other. At start-up, whatever is in incoming/ was never
/// acknowledged, and a blob no row names was placed just before a crash: both are deleted.
/// </summary>
public sealed class FileSystemImageStore : IImageStore, IDisposable
{
    private const int CopyBufferBytes = 81_920;
    private readonly string _blobs;
    private readonly string _incoming;
    private readonly ImagingOptions _options;
    private readonly ValidationLimits _limits;
    private readonly TimeProvider _time;
    private readonly ImageCatalog _catalog;
    private readonly SemaphoreSlim _placing = new(1, 1);

    public FileSystemImageStore(string root, ImagingOptions options, ValidationLimits limits, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limits);
        _options = options;
        _limits = limits;
        _time = time;
        _blobs = Path.Combine(root, "blobs");
        _incoming = Path.Combine(root, "incoming");
        Directory.CreateDirectory(_blobs);
        Directory.CreateDirectory(_incoming);
        foreach (var partial in Directory.EnumerateFiles(_incoming))
        {
            File.Delete(partial);
        }

        _catalog = new ImageCatalog(Path.Combine(root, "images.db"));
        RemoveUncatalogued();
    }

    public async Task<ImageStoreResult> StoreAsync(ImageUpload upload, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(content);
        Validate(upload);
        var temporary = Path.Combine(_incoming, Guid.NewGuid().ToString("N") + ".part");
        try
        {
            string sha256;
            long size;
            ImageInfo info;
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                (sha256, size) = await CopyHashedAsync(content, file, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
                info = ImageProbe.Probe(file, _options.MaxPixels);
            }

            if (!string.Equals(info.ContentType, upload.DeclaredContentType, StringComparison.OrdinalIgnoreCase))
            {
                throw new ImageRejectedException(ImageRejection.UnsupportedFormat, $"the bytes are {info.Format} but the Content-Type says {upload.DeclaredContentType}");
            }

            // From here the bytes are whole and checked: finish regardless of the request being aborted,
            // so that no blob is left without its row (the camera's resend then gets 200).
            await _placing.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                if (await _catalog.FindAsync(upload.DeviceId, upload.CaptureId, CancellationToken.None).ConfigureAwait(false) is { } known)
                {
                    return Known(upload, known, sha256);
                }

                var placed = PlaceBlob(temporary, sha256);
                try
                {
                    var (image, inserted) = await _catalog.InsertOrGetAsync(upload, sha256, size, info, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                    return inserted ? new ImageStoreResult(ImageStoreOutcome.Stored, image) : Known(upload, image, sha256);
                }
                catch when (placed)
                {
                    await RemoveBlobUnlessReferencedAsync(sha256).ConfigureAwait(false);
                    throw;
                }
            }
            finally
            {
                _placing.Release();
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task<IReadOnlyList<StoredImage>> ListAsync(string sessionId, CancellationToken cancellationToken) => _catalog.BySessionAsync(sessionId, cancellationToken);

    public Task<StoredImage?> GetAsync(string sessionId, long imageId, CancellationToken cancellationToken) => _catalog.GetAsync(sessionId, imageId, cancellationToken);

    public Stream OpenRead(StoredImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new FileStream(BlobPath(image.Sha256), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: CopyBufferBytes, FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    public void Dispose()
    {
        _catalog.Dispose();
        _placing.Dispose();
    }

    private static ImageStoreResult Known(ImageUpload upload, StoredImage image, string sha256) =>
        image.Sha256 == sha256
            ? new ImageStoreResult(ImageStoreOutcome.AlreadyStored, image)
            : throw new ImageRejectedException(ImageRejection.Conflict, $"capture '{upload.CaptureId}' of device '{upload.DeviceId}' was already stored (image {image.Id}) with different bytes");

    private void Validate(ImageUpload upload)
    {
        foreach (var (name, value) in new[] { ("device", upload.DeviceId), ("site", upload.SiteId), ("session", upload.SessionId), ("capture", upload.CaptureId) })
        {
            if (Identifiers.Check(name + " id", value) is { } badId)
            {
                throw new ImageRejectedException(ImageRejection.BadMetadata, badId);
            }
        }

        // The readings' clock rule (README, "Device clocks"): refused, never re-timed.
        var now = _time.GetUtcNow();
        if (upload.CapturedAt > now + _limits.MaxClockAhead || upload.CapturedAt < now - _limits.MaxAge)
        {
            throw new ImageRejectedException(ImageRejection.BadTimestamp, $"capture time {upload.CapturedAt:O} is outside the accepted window {now - _limits.MaxAge:O} .. {now + _limits.MaxClockAhead:O} (gateway clock {now:O})");
        }
    }

    private async Task<(string Sha256, long Size)> CopyHashedAsync(Stream source, FileStream target, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            long size = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), cancellationToken).ConfigureAwait(false)) > 0)
            {
                size += read;
                if (size > _options.MaxImageBytes)
                {
                    throw new ImageRejectedException(ImageRejection.TooLarge, $"the image is larger than the {_options.MaxImageBytes} bytes allowed (Imaging:MaxImageBytes)");
                }

                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            return size == 0
                ? throw new ImageRejectedException(ImageRejection.Corrupt, "the image is empty")
                : (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Moves the checked, fsync'd upload to its content address, durably. False when those
    /// bytes were already there (another capture's), which then must not be removed on failure.</summary>
    private bool PlaceBlob(string temporary, string sha256)
    {
        var path = BlobPath(sha256);
        if (File.Exists(path))
        {
            return false;
        }

        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            DirectorySync.Fsync(_blobs);
        }

        File.Move(temporary, path);
        DirectorySync.Fsync(folder);
        return true;
    }

    private async Task RemoveBlobUnlessReferencedAsync(string sha256)
    {
        if (!await _catalog.ReferencesAsync(sha256, CancellationToken.None).ConfigureAwait(false))
        {
            RemoveBlob(BlobPath(sha256));
        }
    }

    /// <summary>Deletes a blob and its fan-out folder once empty, durably.</summary>
    private void RemoveBlob(string path)
    {
        File.Delete(path);
        var folder = Path.GetDirectoryName(path)!;
        DirectorySync.Fsync(folder);
        if (!Directory.EnumerateFileSystemEntries(folder).Any())
        {
            Directory.Delete(folder);
            DirectorySync.Fsync(_blobs);
        }
    }

    /// <summary>At start-up: a blob no catalogue row names was placed by an upload that crashed before
    /// its row was committed, so it was never acknowledged.</summary>
    private void RemoveUncatalogued()
    {
        var referenced = _catalog.ReferencedBlobs();
        foreach (var folder in Directory.EnumerateDirectories(_blobs))
        {
            foreach (var blob in Directory.EnumerateFiles(folder))
            {
                if (!referenced.Contains(Path.GetFileName(blob)))
                {
                    RemoveBlob(blob);
                }
            }
        }
    }

    private string BlobPath(string sha256) => Path.Combine(_blobs, sha256[..2], sha256);
}
