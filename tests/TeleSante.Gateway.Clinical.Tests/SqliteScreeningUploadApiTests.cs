using System.Net;
using System.Net.Http.Json;
using SkiaSharp;
using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.Testing;
using static TeleSante.Testing.GatewayHttp;

namespace TeleSante.Gateway.Clinical.Tests;

/// <summary><see cref="ScreeningUploadApiTests"/> on the default clinical store (SQLite), and the capture page's thumbnails
/// (which do not depend on the store).</summary>
public sealed class SqliteScreeningUploadApiTests(InfluxFixture influx) : ScreeningUploadApiTests(influx), IClassFixture<InfluxFixture>
{
    protected override Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    [Fact]
    public async Task A_captures_thumbnail_is_a_small_jpeg_made_once_for_the_sites_operator_only_and_audited()
    {
        const string visit = "visit-thumb";
        await using var clinic = await StartAsync(visit);
        await RegisterAsync(clinic, visit);
        var first = await SendAsync(clinic, Upload(visit, Laterality.OD, FundusField.MaculaCentred, "macula", FundusDefectKind.OutOfFocus, 0.8));
        var retake = await SendAsync(clinic, Upload(visit, Laterality.OD, FundusField.MaculaCentred, "macula"));
        var thumbnail = $"/api/screening/visits/{visit}/captures/{retake.GetProperty("imageId").GetInt64()}/thumbnail";

        using var response = await clinic.Pharmacist.GetAsync(thumbnail);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var decoded = SKBitmap.Decode(bytes))
        {
            (decoded.Width, decoded.Height).Should().Be((320, 240), "the long side is ScreeningThumbnails:LongSide, the aspect kept");
        }

        var kept = Directory.GetFiles(Path.Combine(clinic.Gateway.DataDirectory, "screening-thumbnails"));
        kept.Should().ContainSingle();
        var madeAt = File.GetLastWriteTimeUtc(kept[0]);
        (await clinic.Pharmacist.GetByteArrayAsync(thumbnail)).Should().Equal(bytes);
        File.GetLastWriteTimeUtc(kept[0]).Should().Be(madeAt, "a second read serves the kept thumbnail, it does not decode the photograph again");
        (await clinic.Pharmacist.GetAsync($"/api/screening/visits/{visit}/captures/{first.GetProperty("imageId").GetInt64()}/thumbnail")).StatusCode
            .Should().Be(HttpStatusCode.OK, "a superseded capture is still the visit's");

        (await clinic.Gateway.Admin.PostAsJsonAsync("/api/admin/sites", new { id = "elsewhere", name = "Maison de santé", kind = "Pharmacy" })).EnsureSuccessStatusCode();
        await AddPractitionerAsync(clinic.Gateway, "nurse-x", "10000000041", "pharmacist", null, ["site-operator", "requester"], ["elsewhere"]);
        using var otherSite = await ClientAsync(clinic.Gateway, "nurse-x", "site-operator,requester", "elsewhere");
        (await otherSite.GetAsync(thumbnail)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await clinic.Pharmacist.GetAsync($"/api/screening/visits/{visit}/captures/999999/thumbnail")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var audit = await AuditAsync(clinic);
        audit.Count(e => e.Action == "screening.thumbnail.read" && e.Outcome == "allowed" && e.Actor == "pharm-up").Should().Be(3);
        audit.Should().Contain(e => e.Action == "screening.thumbnail.read" && e.Outcome == "denied" && e.Actor == "nurse-x");
    }
}
