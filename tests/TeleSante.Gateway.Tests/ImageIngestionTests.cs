using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>
/// Fundus photographs through the real gateway (child process, device authentication on): a
/// registered camera's PUT is stored durably and idempotently; practitioners see only assigned
/// sessions' images, every look audited; bad uploads get a typed refusal and a dead letter.
/// </summary>
public sealed class ImageIngestionTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private const string Site = "pharma-nantes-01";
    private const int MaxImageBytes = 200 * 1024;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Security:DeviceAuthentication"] = "true",
        ["Imaging:MaxImageBytes"] = MaxImageBytes.ToString(CultureInfo.InvariantCulture),
    };

    private static byte[] Photograph(Laterality eye = Laterality.OD, int seed = 1) =>
        new FundusCamera(new FundusCameraOptions { DeviceId = "cam", SiteId = Site, Width = 160, Height = 120, Seed = seed }).Capture(eye).EncodePng();

    private static HttpRequestMessage Put(string device, string token, string capture, byte[] body, string session = "screening-1", string contentType = "image/png", string laterality = "OD", string field = "macula", DateTimeOffset? capturedAt = null)
    {
        var at = Uri.EscapeDataString((capturedAt ?? DateTimeOffset.UtcNow.AddSeconds(-3)).ToString("O", CultureInfo.InvariantCulture));
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/devices/{device}/images/{capture}?session={session}&laterality={laterality}&field={field}&capturedAt={at}")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Add("x-telesante-device", device);
        request.Headers.Add("x-telesante-token", token);
        return request;
    }

    private static async Task<List<JsonElement>> AuditAsync(GatewayProcess gateway) =>
        [.. (await gateway.Admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?limit=1000")).EnumerateArray()];

    [Fact]
    public async Task A_registered_camera_stores_a_photograph_once_and_only_the_assigned_practitioner_sees_it_audited()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, Settings);
        var token = await gateway.RegisterDeviceAsync("fundus-1", "fundus", Site);
        var png = Photograph();

        using var created = await gateway.Http.SendAsync(Put("fundus-1", token, "cap-0001", png));
        using var resent = await gateway.Http.SendAsync(Put("fundus-1", token, "cap-0001", png));

        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var stored = await created.Content.ReadFromJsonAsync<JsonElement>();
        stored.GetProperty("sha256").GetString().Should().Be(Convert.ToHexStringLower(SHA256.HashData(png)));
        stored.GetProperty("width").GetInt32().Should().Be(160);
        stored.GetProperty("duplicate").GetBoolean().Should().BeFalse();
        resent.StatusCode.Should().Be(HttpStatusCode.OK, "a resend of the same capture is answered, not stored again");
        (await resent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imageId").GetInt64().Should().Be(stored.GetProperty("imageId").GetInt64());

        (await gateway.Http.GetAsync("/api/sessions/screening-1/images")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "not assigned yet");
        await gateway.AssignAsync("screening-1");
        var list = await gateway.Http.GetFromJsonAsync<JsonElement>("/api/sessions/screening-1/images");
        var image = list.GetProperty("images").EnumerateArray().Should().ContainSingle().Subject;
        image.GetProperty("laterality").GetString().Should().Be("OD");
        image.GetProperty("field").GetString().Should().Be("MaculaCentred");
        image.GetProperty("captureId").GetString().Should().Be("cap-0001");

        using var view = await gateway.Http.GetAsync(image.GetProperty("href").GetString());
        view.StatusCode.Should().Be(HttpStatusCode.OK);
        view.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        view.Headers.CacheControl!.NoStore.Should().BeTrue("patient photographs must not stay in caches");
        view.Headers.ETag!.Tag.Should().Be($"\"{Convert.ToHexStringLower(SHA256.HashData(png))}\"");
        (await view.Content.ReadAsByteArrayAsync()).Should().Equal(png);

        using var other = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await gateway.DevTokenAsync("dr-other", "specialist"));
        (await other.GetAsync(image.GetProperty("href").GetString())).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await other.GetAsync("/api/sessions/screening-1/images")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var anonymous = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        (await anonymous.GetAsync(image.GetProperty("href").GetString())).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var audit = await AuditAsync(gateway);
        audit.Should().ContainSingle(e => e.GetProperty("action").GetString() == "image.upload" && e.GetProperty("outcome").GetString() == "allowed", "the resend changed nothing");
        audit.Should().Contain(e => e.GetProperty("action").GetString() == "image.view" && e.GetProperty("actor").GetString() == GatewayProcess.Reviewer && e.GetProperty("outcome").GetString() == "allowed");
        audit.Should().Contain(e => e.GetProperty("action").GetString() == "image.view" && e.GetProperty("actor").GetString() == "dr-other" && e.GetProperty("outcome").GetString() == "denied");
        audit.Should().Contain(e => e.GetProperty("action").GetString() == "images.list" && e.GetProperty("actor").GetString() == "dr-other" && e.GetProperty("outcome").GetString() == "denied");
    }

    [Fact]
    public async Task Cameras_without_a_valid_credential_or_sending_for_others_are_refused_and_audited()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, Settings);
        var token = await gateway.RegisterDeviceAsync("fundus-a", "fundus", Site);
        var otherSiteToken = await gateway.RegisterDeviceAsync("fundus-b", "fundus", "another-site");
        await gateway.RegisterDeviceAsync("fundus-c", "fundus", Site);
        var png = Photograph();

        (await gateway.Http.SendAsync(Put("fundus-a", "wrong-token", "c1", png))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var foreign = Put("fundus-c", token, "c1", png);
        foreign.Headers.Remove("x-telesante-device");
        foreign.Headers.Add("x-telesante-device", "fundus-a");
        (await gateway.Http.SendAsync(foreign)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "fundus-a may not send as fundus-c");
        (await gateway.Http.SendAsync(Put("fundus-a", token, "c1", png))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await gateway.Http.SendAsync(Put("fundus-b", otherSiteToken, "c1", png))).StatusCode
            .Should().Be(HttpStatusCode.Forbidden, "screening-1 belongs to another site's consultation");

        await gateway.AssignAsync("screening-1");
        var images = (await gateway.Http.GetFromJsonAsync<JsonElement>("/api/sessions/screening-1/images")).GetProperty("images");
        images.GetArrayLength().Should().Be(1);
        var audit = await AuditAsync(gateway);
        audit.Should().Contain(e => e.GetProperty("action").GetString() == "device.connect" && e.GetProperty("actor").GetString() == "fundus-a" && e.GetProperty("outcome").GetString() == "denied");
        audit.Should().Contain(e => e.GetProperty("action").GetString() == "image.upload" && e.GetProperty("resource").GetString() == "device/fundus-c" && e.GetProperty("outcome").GetString() == "denied");
        audit.Should().Contain(e => e.GetProperty("action").GetString() == "image.upload" && e.GetProperty("actor").GetString() == "fundus-b" && e.GetProperty("outcome").GetString() == "denied");
    }

    [Fact]
    public async Task Bad_uploads_get_a_typed_refusal_a_dead_letter_and_leave_nothing_half_stored()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, Settings);
        var token = await gateway.RegisterDeviceAsync("fundus-x", "fundus", Site);
        var png = Photograph();
        await gateway.Http.SendAsync(Put("fundus-x", token, "taken", png));

        var cases = new (HttpRequestMessage Request, HttpStatusCode Status, string Reason)[]
        {
            (Put("fundus-x", token, "cut", png[..(png.Length / 2)]), HttpStatusCode.BadRequest, "Corrupt"),
            (Put("fundus-x", token, "gif", [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0]), HttpStatusCode.UnsupportedMediaType, "UnsupportedFormat"),
            (Put("fundus-x", token, "gif2", [.. "GIF89a"u8, 1, 0, 1, 0, 0, 0, 0], contentType: "image/gif"), HttpStatusCode.UnsupportedMediaType, "UnsupportedFormat"),
            (Put("fundus-x", token, "jpeg-claimed", png, contentType: "image/jpeg"), HttpStatusCode.UnsupportedMediaType, "UnsupportedFormat"),
            (Put("fundus-x", token, "huge", new byte[MaxImageBytes + 1]), HttpStatusCode.RequestEntityTooLarge, "TooLarge"),
            (Put("fundus-x", token, "future", png, capturedAt: DateTimeOffset.UtcNow.AddMinutes(30)), HttpStatusCode.BadRequest, "BadTimestamp"),
            (Put("fundus-x", token, "no-eye", png, laterality: "both"), HttpStatusCode.BadRequest, "BadMetadata"),
            (Put("fundus-x", token, "taken", Photograph(seed: 2)), HttpStatusCode.Conflict, "Conflict"),
            (Put("fundus-x", token, "no-idat", UndecodablePng(withIdat: false)), HttpStatusCode.BadRequest, "Corrupt"),
            (Put("fundus-x", token, "bomb", UndecodablePng(withIdat: true)), HttpStatusCode.BadRequest, "Corrupt"),
            (Put("fundus-x", token, "bad-scan", GarbledJpeg(), contentType: "image/jpeg"), HttpStatusCode.BadRequest, "Corrupt"),
        };

        foreach (var (request, status, reason) in cases)
        {
            using var response = await gateway.Http.SendAsync(request);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            response.StatusCode.Should().Be(status, problem.ToString());
            problem.GetProperty("reason").GetString().Should().Be(reason);
            problem.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
        }

        var letters = await gateway.Admin.GetFromJsonAsync<JsonElement>("/api/dead-letters?device=fundus-x");
        letters.EnumerateArray().Where(l => l.GetProperty("transport").GetString() == "http-image").Should().HaveCount(cases.Length, "every refusal is kept");
        await gateway.AssignAsync("screening-1");
        var images = (await gateway.Http.GetFromJsonAsync<JsonElement>("/api/sessions/screening-1/images")).GetProperty("images");
        images.EnumerateArray().Select(i => i.GetProperty("captureId").GetString()).Should().Equal("taken");
        (await gateway.HealthAsync()).ValueKind.Should().Be(JsonValueKind.Object, "the gateway is still up");
        var sha = Convert.ToHexStringLower(SHA256.HashData(png));
        var store = Path.Combine(gateway.DataDirectory, "images");
        Directory.GetFiles(store, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith("images.db", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(store, f)).Should().Equal([Path.Combine("blobs", sha[..2], sha)], "nothing refused stays on disk");
    }

    [Fact]
    public async Task An_upload_aborted_mid_body_leaves_nothing_on_disk_and_the_resend_is_stored()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, Settings);
        var token = await gateway.RegisterDeviceAsync("fundus-z", "fundus", Site);
        var png = Photograph(seed: 9);
        var incoming = Path.Combine(gateway.DataDirectory, "images", "incoming");
        var body = new HalfThenWait(png);
        using var request = Put("fundus-z", token, "cap-abort", []);
        request.Content = new StreamContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        request.Content.Headers.ContentLength = png.Length;
        using var abort = new CancellationTokenSource();

        var sending = gateway.Http.SendAsync(request, abort.Token);
        await WaitUntilAsync(() => Directory.Exists(incoming) && Directory.EnumerateFiles(incoming).Any(), "the gateway is receiving the upload");
        await body.HalfSent;
        await abort.CancelAsync();
        await FluentActions.Awaiting(() => sending).Should().ThrowAsync<OperationCanceledException>();

        await WaitUntilAsync(() => !Directory.EnumerateFiles(incoming).Any(), "the partial upload is deleted");
        Directory.GetFiles(Path.Combine(gateway.DataDirectory, "images", "blobs"), "*", SearchOption.AllDirectories).Should().BeEmpty();
        (await gateway.Http.SendAsync(Put("fundus-z", token, "cap-abort", png))).StatusCode.Should().Be(HttpStatusCode.Created, "the camera's resend is a first store");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, what);
            await Task.Delay(20);
        }
    }

    /// <summary>A 640x480 PNG whose chunks are all well formed but that does not decode: no IDAT, or
    /// an IDAT that inflates to 100 MB (about 100 KB compressed) instead of 921,600 bytes.</summary>
    private static byte[] UndecodablePng(bool withIdat)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, 640);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), 480);
        (ihdr[8], ihdr[9]) = (8, 2);
        Chunk(png, "IHDR"u8, ihdr);
        if (withIdat)
        {
            using var bomb = new MemoryStream();
            using (var zlib = new System.IO.Compression.ZLibStream(bomb, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
            {
                var zeros = new byte[1024 * 1024];
                for (var i = 0; i < 100; i++)
                {
                    zlib.Write(zeros);
                }
            }

            Chunk(png, "IDAT"u8, bomb.ToArray());
        }

        Chunk(png, "IEND"u8, []);
        return png.ToArray();

        static void Chunk(Stream to, ReadOnlySpan<byte> type, byte[] data)
        {
            var crc = new System.IO.Hashing.Crc32();
            crc.Append(type);
            crc.Append(data);
            to.Write([(byte)(data.Length >> 24), (byte)(data.Length >> 16), (byte)(data.Length >> 8), (byte)data.Length]);
            to.Write(type);
            to.Write(data);
            to.Write(crc.GetCurrentHash().Reverse().ToArray());
        }
    }

    /// <summary>The simulated camera's JPEG with a stretch of its scan overwritten: markers intact, scan undecodable.</summary>
    private static byte[] GarbledJpeg()
    {
        var jpeg = new FundusCamera(new FundusCameraOptions { DeviceId = "cam", SiteId = Site, Width = 160, Height = 120, Seed = 3 }).Capture(Laterality.OD).EncodeJpeg();
        jpeg.AsSpan(jpeg.Length - 600, 500).Clear();
        return jpeg;
    }

    [Fact]
    public async Task An_acknowledged_photograph_survives_a_SIGKILL()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, Settings);
        var token = await gateway.RegisterDeviceAsync("fundus-k", "fundus", Site);
        var png = Photograph(Laterality.OS, seed: 5);
        (await gateway.Http.SendAsync(Put("fundus-k", token, "before-crash", png, laterality: "OS", field: "disc"))).StatusCode.Should().Be(HttpStatusCode.Created);

        await gateway.KillAsync();
        await gateway.StartAgainAsync();

        await gateway.AssignAsync("screening-1");
        var image = (await gateway.Http.GetFromJsonAsync<JsonElement>("/api/sessions/screening-1/images")).GetProperty("images").EnumerateArray().Single();
        image.GetProperty("field").GetString().Should().Be("DiscCentred");
        (await gateway.Http.GetByteArrayAsync(image.GetProperty("href").GetString())).Should().Equal(png);
        (await gateway.Http.SendAsync(Put("fundus-k", token, "before-crash", png, laterality: "OS", field: "disc"))).StatusCode
            .Should().Be(HttpStatusCode.OK, "the camera's resend after the crash is recognised");
    }
}
