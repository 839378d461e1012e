using TeleSante.Domain.Validation;

namespace TeleSante.Imaging.Tests;

public sealed class ImageStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "telesante-images-" + Guid.NewGuid().ToString("N"));
    private readonly ImagingOptions _options = new() { MaxImageBytes = 256 * 1024 };
    private readonly List<FileSystemImageStore> _stores = [];

    [Fact]
    public async Task A_stored_image_is_listed_under_its_session_and_reads_back_byte_for_byte()
    {
        var store = Open();
        var png = TestImages.Png(64, 48);

        var result = await store.StoreAsync(Upload("cap-1"), new MemoryStream(png), default);

        result.Outcome.Should().Be(ImageStoreOutcome.Stored);
        result.Image.Info.Should().Be(new ImageInfo(ImageFormat.Png, 64, 48));
        result.Image.SizeBytes.Should().Be(png.Length);
        result.Image.Sha256.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(png)));
        var listed = await store.ListAsync("sess-1", default);
        listed.Should().ContainSingle().Which.Should().BeEquivalentTo(result.Image);
        (await ReadAllAsync(store, listed[0])).Should().Equal(png);
    }

    [Fact]
    public async Task What_was_acknowledged_is_there_after_a_restart()
    {
        var png = TestImages.Png(20, 20);
        var stored = (await Open().StoreAsync(Upload("cap-1"), new MemoryStream(png), default)).Image;

        var reopened = Open();

        var found = await reopened.GetAsync("sess-1", stored.Id, default);
        found.Should().BeEquivalentTo(stored);
        (await ReadAllAsync(reopened, found!)).Should().Equal(png);
    }

    [Fact]
    public async Task Sending_the_same_capture_again_changes_nothing()
    {
        var store = Open();
        var png = TestImages.Png(32, 32);
        var first = await store.StoreAsync(Upload("cap-1"), new MemoryStream(png), default);

        var again = await store.StoreAsync(Upload("cap-1"), new MemoryStream(png), default);

        again.Outcome.Should().Be(ImageStoreOutcome.AlreadyStored);
        again.Image.Id.Should().Be(first.Image.Id);
        (await store.ListAsync("sess-1", default)).Should().ContainSingle();
    }

    [Fact]
    public async Task Different_bytes_under_a_capture_id_already_stored_are_refused_and_the_original_is_kept()
    {
        var store = Open();
        var original = TestImages.Png(32, 32, seed: 1);
        await store.StoreAsync(Upload("cap-1"), new MemoryStream(original), default);

        var act = () => store.StoreAsync(Upload("cap-1"), new MemoryStream(TestImages.Png(32, 32, seed: 2)), default);

        (await act.Should().ThrowAsync<ImageRejectedException>()).Which.Reason.Should().Be(ImageRejection.Conflict);
        var listed = await store.ListAsync("sess-1", default);
        listed.Should().ContainSingle();
        (await ReadAllAsync(store, listed[0])).Should().Equal(original);
    }

    [Fact]
    public async Task The_same_picture_under_two_captures_is_two_entries_and_one_file()
    {
        var store = Open();
        var png = TestImages.Png(16, 16);

        var a = await store.StoreAsync(Upload("cap-1"), new MemoryStream(png), default);
        var b = await store.StoreAsync(Upload("cap-2"), new MemoryStream(png), default);

        b.Outcome.Should().Be(ImageStoreOutcome.Stored);
        b.Image.Id.Should().NotBe(a.Image.Id);
        Directory.GetFiles(Path.Combine(_root, "blobs"), "*", SearchOption.AllDirectories).Should().ContainSingle();
    }

    [Fact]
    public async Task A_jpeg_sent_as_png_is_refused_and_nothing_is_kept()
    {
        var store = Open();

        var act = () => store.StoreAsync(Upload("cap-1", contentType: "image/png"), new MemoryStream(TestImages.Jpeg(100, 100)), default);

        (await act.Should().ThrowAsync<ImageRejectedException>()).Which.Reason.Should().Be(ImageRejection.UnsupportedFormat);
        await NothingKeptAsync(store);
    }

    [Fact]
    public async Task An_image_over_the_size_limit_is_refused_while_it_streams_and_nothing_is_kept()
    {
        var store = Open();
        var big = TestImages.Png(400, 400, seed: 7);
        big.Length.Should().BeGreaterThan((int)_options.MaxImageBytes / 2, "the test needs a large file");
        var huge = new MemoryStream([.. big, .. new byte[_options.MaxImageBytes]]);

        var act = () => store.StoreAsync(Upload("cap-1"), huge, default);

        (await act.Should().ThrowAsync<ImageRejectedException>()).Where(e => e.Reason == ImageRejection.TooLarge && e.Message.Contains("Imaging:MaxImageBytes"));
        huge.Position.Should().BeLessThan(huge.Length, "reading stops at the limit");
        await NothingKeptAsync(store);
    }

    [Fact]
    public async Task A_truncated_upload_is_refused_and_nothing_is_kept()
    {
        var store = Open();
        var png = TestImages.Png(50, 50);

        var act = () => store.StoreAsync(Upload("cap-1"), new MemoryStream(png[..^20]), default);

        (await act.Should().ThrowAsync<ImageRejectedException>()).Which.Reason.Should().Be(ImageRejection.Corrupt);
        await NothingKeptAsync(store);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-60 * 24 * 31)]
    public async Task A_capture_time_outside_the_clock_window_is_refused_not_retimed(int minutesFromNow)
    {
        var store = Open();

        var act = () => store.StoreAsync(Upload("cap-1", capturedAt: DateTimeOffset.UtcNow.AddMinutes(minutesFromNow)), new MemoryStream(TestImages.Png(8, 8)), default);

        (await act.Should().ThrowAsync<ImageRejectedException>()).Which.Reason.Should().Be(ImageRejection.BadTimestamp);
        await NothingKeptAsync(store);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sess 1")]
    [InlineData("../../etc")]
    public async Task A_badly_formed_session_id_is_refused(string session)
    {
        var act = () => Open().StoreAsync(Upload("cap-1") with { SessionId = session }, new MemoryStream(TestImages.Png(8, 8)), default);

        (await act.Should().ThrowAsync<ImageRejectedException>()).Which.Reason.Should().Be(ImageRejection.BadMetadata);
    }

    [Fact]
    public async Task Images_are_listed_by_capture_time_and_never_under_another_session()
    {
        var store = Open();
        var now = DateTimeOffset.UtcNow;
        var later = await store.StoreAsync(Upload("cap-2", capturedAt: now.AddMinutes(-1)), new MemoryStream(TestImages.Png(8, 8, 2)), default);
        var earlier = await store.StoreAsync(Upload("cap-1", capturedAt: now.AddMinutes(-2)), new MemoryStream(TestImages.Png(8, 8, 1)), default);
        var other = await store.StoreAsync(Upload("cap-3") with { SessionId = "sess-2" }, new MemoryStream(TestImages.Png(8, 8, 3)), default);

        (await store.ListAsync("sess-1", default)).Select(i => i.Id).Should().Equal(earlier.Image.Id, later.Image.Id);
        (await store.GetAsync("sess-1", other.Image.Id, default)).Should().BeNull("an image id does not open another session's image");
    }

    [Fact]
    public void Unacknowledged_partial_uploads_are_removed_at_start_up()
    {
        Open();
        var partial = Path.Combine(_root, "incoming", "abc.part");
        File.WriteAllBytes(partial, [1, 2, 3]);

        Open();

        File.Exists(partial).Should().BeFalse();
    }

    [Fact]
    public async Task A_conflicting_upload_leaves_no_file_behind()
    {
        var store = Open();
        var original = TestImages.Png(32, 32, seed: 1);
        await store.StoreAsync(Upload("cap-1"), new MemoryStream(original), default);

        var act = () => store.StoreAsync(Upload("cap-1"), new MemoryStream(TestImages.Png(32, 32, seed: 2)), default);

        (await act.Should().ThrowAsync<ImageRejectedException>()).Which.Reason.Should().Be(ImageRejection.Conflict);
        StoreFiles().Should().Equal(BlobOf(original));
    }

    [Fact]
    public async Task Every_refusal_leaves_the_store_directories_as_they_were()
    {
        var store = Open();
        var kept = TestImages.Png(32, 32, seed: 1);
        await store.StoreAsync(Upload("cap-1"), new MemoryStream(kept), default);
        var other = TestImages.Png(32, 32, seed: 2);
        var refusals = new (string Case, ImageUpload Upload, Func<Stream> Body)[]
        {
            ("conflict", Upload("cap-1"), () => new MemoryStream(other)),
            ("corrupt", Upload("cap-2"), () => new MemoryStream(TestImages.PngOf(TestImages.Header(640, 480)))),
            ("undecodable", Upload("cap-3"), () => new MemoryStream(TestImages.PngOf(TestImages.Header(640, 480), ("IDAT", TestImages.Zlib(new byte[10]))))),
            ("too large", Upload("cap-4"), () => new MemoryStream(new byte[_options.MaxImageBytes + 1])),
            ("wrong type", Upload("cap-5", contentType: "image/jpeg"), () => new MemoryStream(other)),
            ("clock", Upload("cap-6", capturedAt: DateTimeOffset.UtcNow.AddHours(1)), () => new MemoryStream(other)),
            ("aborted mid-body", Upload("cap-7"), () => new AbortedBody(other[..(other.Length / 2)])),
        };

        foreach (var (name, upload, body) in refusals)
        {
            var act = () => store.StoreAsync(upload, body(), default);

            await act.Should().ThrowAsync<Exception>(name);
            StoreFiles().Should().Equal([BlobOf(kept)], name);
            Directory.GetDirectories(Path.Combine(_root, "blobs")).Should().ContainSingle(name);
        }
    }

    [Fact]
    public async Task A_conflict_carrying_the_bytes_of_another_stored_capture_keeps_that_capture_s_file()
    {
        var store = Open();
        var a = TestImages.Png(32, 32, seed: 1);
        var b = TestImages.Png(32, 32, seed: 2);
        await store.StoreAsync(Upload("cap-a"), new MemoryStream(a), default);
        var stored = await store.StoreAsync(Upload("cap-b"), new MemoryStream(b), default);

        var act = () => store.StoreAsync(Upload("cap-b"), new MemoryStream(a), default);

        (await act.Should().ThrowAsync<ImageRejectedException>()).Which.Reason.Should().Be(ImageRejection.Conflict);
        StoreFiles().Should().BeEquivalentTo([BlobOf(a), BlobOf(b)]);
        (await ReadAllAsync(store, stored.Image)).Should().Equal(b);
    }

    [Fact]
    public async Task Two_uploads_of_one_capture_with_different_bytes_at_once_keep_one_image_and_one_file()
    {
        var store = Open();
        var a = TestImages.Png(200, 200, seed: 1);
        var b = TestImages.Png(200, 200, seed: 2);

        var outcomes = await Task.WhenAll(
            Task.Run(() => Outcome(store.StoreAsync(Upload("cap-1"), new MemoryStream(a), default))),
            Task.Run(() => Outcome(store.StoreAsync(Upload("cap-1"), new MemoryStream(b), default))));

        outcomes.Should().BeEquivalentTo(["Stored", "Conflict"]);
        var listed = (await store.ListAsync("sess-1", default)).Should().ContainSingle().Subject;
        StoreFiles().Should().Equal(Path.Combine("blobs", listed.Sha256[..2], listed.Sha256));

        static async Task<string> Outcome(Task<ImageStoreResult> store)
        {
            try
            {
                return (await store).Outcome.ToString();
            }
            catch (ImageRejectedException ex)
            {
                return ex.Reason.ToString();
            }
        }
    }

    [Fact]
    public async Task A_blob_placed_just_before_a_crash_without_its_catalogue_row_is_removed_at_start_up()
    {
        var kept = TestImages.Png(20, 20, seed: 1);
        (await Open().StoreAsync(Upload("cap-1"), new MemoryStream(kept), default)).Outcome.Should().Be(ImageStoreOutcome.Stored);
        var orphan = TestImages.Png(20, 20, seed: 2);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(orphan));
        Directory.CreateDirectory(Path.Combine(_root, "blobs", sha[..2]));
        File.WriteAllBytes(Path.Combine(_root, BlobOf(orphan)), orphan);

        var reopened = Open();

        StoreFiles().Should().Equal(BlobOf(kept));
        Directory.GetDirectories(Path.Combine(_root, "blobs")).Should().ContainSingle("the orphan's fan-out folder is gone too");
        var stored = (await reopened.ListAsync("sess-1", default)).Should().ContainSingle().Subject;
        (await ReadAllAsync(reopened, stored)).Should().Equal(kept);
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        Directory.Delete(_root, recursive: true);
    }

    private FileSystemImageStore Open()
    {
        var store = new FileSystemImageStore(_root, _options, new ValidationLimits(), TimeProvider.System);
        _stores.Add(store);
        return store;
    }

    private static ImageUpload Upload(string capture, string contentType = "image/png", DateTimeOffset? capturedAt = null) =>
        new("cam-1", "site-1", "sess-1", capture, EyeLaterality.OD, RetinalField.MaculaCentred, capturedAt ?? DateTimeOffset.UtcNow.AddSeconds(-5), contentType);

    private static async Task<byte[]> ReadAllAsync(IImageStore store, StoredImage image)
    {
        await using var stream = store.OpenRead(image);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static string BlobOf(byte[] bytes)
    {
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        return Path.Combine("blobs", sha[..2], sha);
    }

    /// <summary>Every file under the store's root but the catalogue, relative, sorted.</summary>
    private string[] StoreFiles() =>
        [.. Directory.GetFiles(_root, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("images.db", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(_root, f))
            .Order(StringComparer.Ordinal)];

    private async Task NothingKeptAsync(IImageStore store)
    {
        (await store.ListAsync("sess-1", default)).Should().BeEmpty();
        Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith("images.db", StringComparison.Ordinal)).Should().BeEmpty();
    }
}
