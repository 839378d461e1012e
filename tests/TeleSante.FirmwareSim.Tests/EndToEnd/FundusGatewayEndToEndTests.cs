using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.FirmwareSim.Scenario;
using TeleSante.FirmwareSim.Tests.Support;
using TeleSante.FirmwareSim.Transport;
using TeleSante.Testing;

namespace TeleSante.FirmwareSim.Tests.EndToEnd;

/// <summary>
/// The simulated fundus camera against the real gateway: photographs sent over HTTP are stored and
/// read back through the practitioner API byte for byte, with their capture metadata intact inside.
/// </summary>
public sealed class FundusGatewayEndToEndTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Site = "pharma-lyon-03";

    [Fact]
    public async Task A_two_field_screening_of_both_eyes_reaches_the_gateway_and_reads_back_byte_for_byte()
    {
        var gateway = fixture.Gateway;
        var session = "fundus-" + Guid.NewGuid().ToString("N")[..12];
        var camera = new FundusCamera(new FundusCameraOptions { DeviceId = "fundus-e2e", SiteId = Site, Width = 320, Height = 240, Seed = 3 });
        var uploader = new ImageUploader(gateway.Http, credential: null);
        var sent = new List<(FundusCapture Capture, byte[] Png)>();
        foreach (var (eye, field) in new[] { (Laterality.OD, FundusField.MaculaCentred), (Laterality.OS, FundusField.MaculaCentred), (Laterality.OD, FundusField.DiscCentred), (Laterality.OS, FundusField.DiscCentred) })
        {
            var capture = camera.Capture(new FundusCaptureRequest { Laterality = eye, Field = field, SessionId = session, EyeSeed = 11 });
            var png = capture.EncodePng();
            var result = await uploader.UploadAsync(Request(capture, session, png), default);
            result.Should().Match<ImageUploadResult>(r => r.Accepted && !r.Duplicate && r.ImageId > 0, result.Problem);
            sent.Add((capture, png));
        }

        await gateway.AssignAsync(session);
        var images = (await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/images")).GetProperty("images").EnumerateArray().ToList();

        images.Should().HaveCount(4);
        for (var i = 0; i < 4; i++)
        {
            var (capture, png) = sent[i];
            images[i].GetProperty("laterality").GetString().Should().Be(capture.Metadata.Laterality.ToString());
            images[i].GetProperty("field").GetString().Should().Be(capture.Metadata.Field.ToString());
            images[i].GetProperty("width").GetInt32().Should().Be(320);
            var stored = await gateway.Http.GetByteArrayAsync(images[i].GetProperty("href").GetString());
            stored.Should().Equal(png);
            var decoded = PngReader.Decode(stored);
            FundusCaptureMetadata.FromJson(decoded.Text["Description"]).Should().BeEquivalentTo(capture.Metadata, "the capture metadata travels inside the file");
        }
    }

    [Fact]
    public async Task The_scenario_camera_sends_its_protocol_and_a_duplicated_send_is_stored_once()
    {
        var gateway = fixture.Gateway;
        var session = "fundus-" + Guid.NewGuid().ToString("N")[..12];
        var definition = new DeviceDefinition { Kind = "fundus", Transport = "http", Captures = 4, IntervalSeconds = 0, ImageWidth = 200, ImageHeight = 150, Defect = "blur" };
        var device = new FundusDevice(definition, "fundus-scn", Site, session, gateway.Http, new FieldConditions { DuplicateProbability = 1 }, seed: 4);

        await device.RunAsync(TimeSpan.FromMinutes(2), default);

        device.Stats.Rejected.Should().Be(0, device.Stats.LastError);
        device.Stats.Sent.Should().Be(8, "every photograph was sent twice");
        device.Stats.Duplicates.Should().Be(4, "the second send of each was recognised");
        await gateway.AssignAsync(session);
        var images = (await gateway.Http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/images")).GetProperty("images").EnumerateArray().ToList();
        images.Select(i => i.GetProperty("id").GetInt64()).Should().Equal(device.AcceptedImageIds);
        images.Select(i => $"{i.GetProperty("laterality").GetString()} {i.GetProperty("field").GetString()}")
            .Should().Equal("OD MaculaCentred", "OS MaculaCentred", "OD DiscCentred", "OS DiscCentred");
        images.Should().OnlyContain(i => i.GetProperty("contentType").GetString() == "image/jpeg", "the camera exports JPEG by default");
        var metadata = FundusCaptureMetadata.FromJpeg(await gateway.Http.GetByteArrayAsync(images[0].GetProperty("href").GetString()));
        metadata.Defects.BlurRadiusPx.Should().BeGreaterThan(0, "the requested defect is in the photograph's metadata");
    }

    private static ImageUploadRequest Request(FundusCapture capture, string session, byte[] png) => new(
        capture.Metadata.DeviceId, Site, session, capture.Metadata.CaptureId,
        capture.Metadata.Laterality.ToString(), capture.Metadata.Field == FundusField.MaculaCentred ? "macula" : "disc",
        capture.Metadata.CapturedAt, "image/png", png);
}
