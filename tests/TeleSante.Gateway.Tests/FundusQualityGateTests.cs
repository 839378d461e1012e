using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>
/// The quality gate at capture (issue 13) through the real upload endpoint: the simulated camera sends one photograph
/// per defect kind and the upload's answer says gradable or ungradable, why, and with which measurements, so the
/// operator retakes while the patient is still there. The photograph is stored either way.
/// </summary>
public sealed class FundusQualityGateTests(FundusGateGateway fixture) : IClassFixture<FundusGateGateway>
{
    private static Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(FundusGateGateway fixture, FundusDefectKind kind, double severity, FundusField field, Laterality eye, FundusFileFormat format, string declaredField) =>
        fixture.UploadAsync("screening-gate", kind, severity, field, eye, declaredField, format);

    [Theory]
    [InlineData(FundusDefectKind.OutOfFocus, "out of focus")]
    [InlineData(FundusDefectKind.UnderExposed, "under-exposed")]
    [InlineData(FundusDefectKind.OverExposed, "over-exposed")]
    [InlineData(FundusDefectKind.LowContrast, "low contrast")]
    [InlineData(FundusDefectKind.EyelidShadow, "eyelid or lash shadow over the top of the field")]
    public async Task A_defective_capture_is_stored_and_answered_ungradable_with_its_reason(FundusDefectKind kind, string reason)
    {
        var (status, body) = await UploadAsync(fixture, kind, 0.8, FundusField.MaculaCentred, Laterality.OD, FundusFileFormat.Jpeg, "macula");

        status.Should().Be(HttpStatusCode.Created, "an imperfect photograph is still kept: a grader may read it");
        var quality = body.GetProperty("quality");
        quality.GetProperty("verdict").GetString().Should().Be("ungradable", body.ToString());
        quality.GetProperty("retake").GetBoolean().Should().BeTrue();
        quality.GetProperty("reasons")[0].GetString().Should().Be(reason, body.ToString());
        quality.GetProperty("measurements").EnumerateObject().Select(p => p.Name).Should().Contain(["focus", "mean_luma", "contrast", "disc_offset", "shadow_fraction"]);
    }

    [Fact]
    public async Task A_disc_centred_declaration_of_a_macula_centred_capture_is_the_wrong_field()
    {
        var (status, body) = await UploadAsync(fixture, FundusDefectKind.WrongField, 1, FundusField.DiscCentred, Laterality.OS, FundusFileFormat.Png, "disc");

        status.Should().Be(HttpStatusCode.Created);
        var quality = body.GetProperty("quality");
        quality.GetProperty("verdict").GetString().Should().Be("ungradable", body.ToString());
        quality.GetProperty("reasons")[0].GetString().Should().Be("wrong field: disc not where a disc-centred field puts it");
        quality.GetProperty("measurements").GetProperty("disc_offset").GetDouble().Should().BeGreaterThan(0.5);
    }

    [Theory]
    [InlineData(FundusField.MaculaCentred, Laterality.OD, FundusFileFormat.Jpeg, "macula")]
    [InlineData(FundusField.DiscCentred, Laterality.OS, FundusFileFormat.Png, "disc")]
    public async Task A_good_capture_is_gradable_with_no_reason_and_its_measurements(FundusField field, Laterality eye, FundusFileFormat format, string declared)
    {
        var (status, body) = await UploadAsync(fixture, FundusDefectKind.None, 0, field, eye, format, declared);

        status.Should().Be(HttpStatusCode.Created);
        var quality = body.GetProperty("quality");
        quality.GetProperty("verdict").GetString().Should().Be("gradable", body.ToString());
        quality.GetProperty("retake").GetBoolean().Should().BeFalse();
        quality.GetProperty("reasons").GetArrayLength().Should().Be(0);
        quality.GetProperty("measurements").GetProperty("disc_offset").GetDouble().Should().BeLessThan(0.1);
    }

    [Fact]
    public async Task The_upload_audit_records_the_verdict()
    {
        await UploadAsync(fixture, FundusDefectKind.OverExposed, 0.9, FundusField.MaculaCentred, Laterality.OD, FundusFileFormat.Png, "macula");

        var audit = (await fixture.Gateway.Admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?limit=1000")).EnumerateArray().ToList();
        audit.Should().Contain(e => e.GetProperty("action").GetString() == "image.upload" && e.GetProperty("detail").GetString()!.Contains("ungradable: over-exposed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_gateway_without_the_gate_model_refuses_to_start_and_says_which_files_are_missing()
    {
        await using var influx = await InfluxDbServer.StartAsync();
        var empty = Directory.CreateTempSubdirectory("no-gate-model").FullName;

        var start = () => GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { ["Imaging:QualityGate:ModelDirectory"] = empty });

        (await start.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*Imaging:QualityGate:ModelDirectory must hold fundus-gate-model.zip*");
    }
}
