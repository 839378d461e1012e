using System.Globalization;
using System.Text.Json.Nodes;
using TeleSante.FirmwareSim.Clinical;
using TeleSante.FirmwareSim.Clinical.Messages;
using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.FirmwareSim.Transport;

namespace TeleSante.FirmwareSim.Screening;

/// <summary>
/// A screening day as the site's operator and camera live it (issue 13): for each patient, record them, enrol them in
/// the campaign, collect consent, open the consultation and register it as the visit; take the two fields of each eye,
/// a configured share of them spoiled by a severe camera defect; retake every field the gate calls ungradable (as the
/// operator's page asks), up to a limit; then send the visit to grading, with the reason when a field is still
/// ungradable, and close the consultation. The tally says whether the gate caught the spoiled captures.
/// </summary>
public sealed class ScreeningDay(ClinicalApiClient clinical, ImageUploader uploader, ScreeningDayOptions options)
{
    private static readonly FundusDefectKind[] Defects =
        [FundusDefectKind.OutOfFocus, FundusDefectKind.UnderExposed, FundusDefectKind.OverExposed, FundusDefectKind.LowContrast, FundusDefectKind.WrongField, FundusDefectKind.EyelidShadow];

    private static readonly (Laterality Eye, FundusField Field, string Declared)[] Protocol =
        [(Laterality.OD, FundusField.MaculaCentred, "macula"), (Laterality.OD, FundusField.DiscCentred, "disc"), (Laterality.OS, FundusField.MaculaCentred, "macula"), (Laterality.OS, FundusField.DiscCentred, "disc")];

    public async Task<ScreeningDaySummary> RunAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clinical);
        options.Validate();
        var summary = new ScreeningDaySummary();
        var random = new Random(options.Seed);
        var camera = new FundusCamera(new FundusCameraOptions { DeviceId = options.CameraId, SiteId = options.SiteId, Width = options.Width, Height = options.Height, Seed = options.Seed });
        await EnsureCampaignAsync(cancellationToken).ConfigureAwait(false);
        for (var p = 0; p < options.Patients; p++)
        {
            var patient = SyntheticPatient.Create(options.Seed * 10_000 + p);
            var visit = string.Create(CultureInfo.InvariantCulture, $"scr-{options.RunId}-{p + 1}");
            await OpenVisitAsync(patient, visit, cancellationToken).ConfigureAwait(false);
            var stillUngradable = new List<string>();
            foreach (var (eye, field, declared) in Protocol)
            {
                for (var take = 0; ; take++)
                {
                    var spoiled = random.NextDouble() < options.DefectShare;
                    var kind = spoiled ? Defects[random.Next(Defects.Length)] : FundusDefectKind.None;
                    var severity = spoiled ? 0.6 + (0.4 * random.NextDouble()) : 0;
                    var file = camera.Capture(new FundusCaptureRequest
                    {
                        Laterality = eye, Field = field, SessionId = visit, EyeSeed = ((options.Seed * 10_000) + p) * 2 + (int)eye,
                        Defects = FundusDefectScale.Of(kind, severity, options.Width, options.Height),
                    }).Encode(FundusFileFormat.Jpeg);
                    var capture = string.Create(CultureInfo.InvariantCulture, $"{visit}-{eye}-{declared}-{take + 1}");
                    var answer = await uploader.UploadAsync(new ImageUploadRequest(options.CameraId, options.SiteId, visit, capture, eye.ToString(), declared,
                        DateTimeOffset.UtcNow, file.ContentType, file.Content), cancellationToken).ConfigureAwait(false);
                    summary.Captures++;
                    summary.Defective += spoiled ? 1 : 0;
                    if (!answer.Accepted)
                    {
                        summary.Refused++;
                        summary.Problems.Add($"{capture}: {answer.Problem}");
                        break;
                    }

                    if (answer.Gradable is not { } gradable)
                    {
                        summary.NotAssessed++;
                        break;
                    }

                    summary.Caught += spoiled && !gradable ? 1 : 0;
                    summary.Missed += spoiled && gradable ? 1 : 0;
                    summary.FalseAlarms += !spoiled && !gradable ? 1 : 0;
                    if (gradable)
                    {
                        break;
                    }

                    if (take >= options.MaxRetakes)
                    {
                        stillUngradable.Add($"{eye} {declared}: {string.Join("; ", answer.Reasons ?? [])}");
                        break;
                    }

                    summary.Retaken++;
                }
            }

            // Complete when every field came out gradable; otherwise the operator says why it goes as it is.
            var reason = stillUngradable.Count == 0 ? null : $"still ungradable after {options.MaxRetakes} retakes ({string.Join(", ", stillUngradable)}); patient could not stay longer";
            await clinical.PostAsync($"send visit {visit} to grading", clinical.Tokens.Operator, $"/api/screening/visits/{visit}/send",
                new JsonObject { ["incompleteReason"] = reason }, duplicateIsFine: false, cancellationToken).ConfigureAwait(false);
            summary.VisitsComplete += reason is null ? 1 : 0;
            summary.VisitsIncomplete += reason is null ? 0 : 1;
            await clinical.CloseConsultationAsync(visit, cancellationToken).ConfigureAwait(false);
            summary.Patients++;
        }

        return summary;
    }

    private async Task EnsureCampaignAsync(CancellationToken cancellationToken)
    {
        if (clinical.Tokens.Admin.Length == 0)
        {
            return; // the campaign must exist already: enrolment will say so otherwise
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await clinical.PostAsync($"create campaign {options.CampaignId}", clinical.Tokens.Admin, "/api/screening/campaigns", new JsonObject
        {
            ["id"] = options.CampaignId, ["name"] = "Simulated screening campaign", ["siteIds"] = new JsonArray(options.SiteId),
            ["startsOn"] = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["endsOn"] = today.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }, duplicateIsFine: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task OpenVisitAsync(SyntheticPatient patient, string visit, CancellationToken cancellationToken)
    {
        await clinical.RecordPatientAsync(patient, identityDocumentChecked: true, cancellationToken).ConfigureAwait(false);
        await clinical.PostAsync($"enrol {patient.Id}", clinical.Tokens.Operator, $"/api/screening/campaigns/{options.CampaignId}/enrolments",
            new JsonObject { ["patientId"] = patient.Id, ["siteId"] = options.SiteId, ["consecutiveNoRetinopathy"] = 0 }, duplicateIsFine: true, cancellationToken).ConfigureAwait(false);
        await clinical.CollectConsentAsync(new ConsentBody("cons-" + visit, patient.Id, "Fundus photographs taken here and graded remotely for diabetic retinopathy",
            ["ophthalmology"], false, null), cancellationToken).ConfigureAwait(false);
        await clinical.OpenConsultationAsync(new ConsultationBody(visit, options.StationId, patient.Id, "cons-" + visit), cancellationToken).ConfigureAwait(false);
        await clinical.PostAsync($"register visit {visit}", clinical.Tokens.Operator, "/api/screening/visits",
            new JsonObject { ["consultationId"] = visit, ["campaignId"] = options.CampaignId }, duplicateIsFine: false, cancellationToken).ConfigureAwait(false);
    }
}
