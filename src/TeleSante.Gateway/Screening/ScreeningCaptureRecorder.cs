using TeleSante.Access.Audit;
using TeleSante.Clinical;
using TeleSante.Clinical.Screening;
using TeleSante.Clinical.Store.Screening;
using TeleSante.Imaging;
using TeleSante.Imaging.Quality;

namespace TeleSante.Gateway.Screening;

/// <summary>
/// Links a fundus upload to its screening visit (issue 13): a macula- or disc-centred photograph uploaded into a
/// session that is a screening visit becomes that field's current capture, superseding the earlier one (a retake,
/// audited as such). The upload's answer carries the field's status, so the camera and the operator's page know at
/// once whether the field is done. Photographs of sessions that are not screening visits, and "other" fields, are
/// only stored, as before.
/// </summary>
internal sealed class ScreeningCaptureRecorder(ScreeningStore store, IAuditTrail audit, ILogger<ScreeningCaptureRecorder> logger)
{
    public async Task<object?> RecordAsync(StoredImage image, FundusVerdict? verdict, bool resend, string? peer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var upload = image.Upload;
        if (upload.Field == RetinalField.Other)
        {
            return null;
        }

        var capture = new FundusCapture(image.Id, upload.DeviceId, upload.CaptureId, upload.Laterality == EyeLaterality.OD ? FundusEye.OD : FundusEye.OS,
            upload.Field == RetinalField.MaculaCentred ? FundusField.MaculaCentred : FundusField.DiscCentred, upload.CapturedAt, image.ReceivedAt,
            verdict is null ? CaptureVerdict.NotAssessed : verdict.Gradable ? CaptureVerdict.Gradable : CaptureVerdict.Ungradable, verdict?.Reasons ?? []);
        var outcome = await store.RecordCaptureAsync(upload.SessionId, capture, cancellationToken);
        if (!outcome.Succeeded)
        {
            if (outcome.Refusal.Code == RefusalCode.NotFound)
            {
                return null;
            }

            // Stored, but not the visit's photograph: said in the answer and in the audit trail (once), never silently.
            if (!resend)
            {
                ScreeningLog.CaptureNotRecorded(logger, image.Id, upload.SessionId, outcome.Refusal.Detail);
                await audit.RecordAsync(new AuditEntry(upload.DeviceId, "screening.capture", "screening-visit/" + upload.SessionId, AuditEntry.Denied, peer,
                    $"image {image.Id}: {outcome.Refusal.Detail}"), CancellationToken.None);
            }

            return new { visitId = upload.SessionId, recorded = false, detail = outcome.Refusal.Detail };
        }

        var field = outcome.Value;
        if (!resend && field.Current?.ImageId == image.Id && field.Earlier.Count > 0 && field.Earlier[^1].SupersededBy == image.Id)
        {
            await audit.RecordAsync(new AuditEntry(upload.DeviceId, "screening.retake", "screening-visit/" + upload.SessionId, AuditEntry.Allowed, peer,
                $"{field.Name}: image {image.Id} supersedes image {field.Earlier[^1].ImageId} ({string.Join("; ", field.RetakeAfter)})"), CancellationToken.None);
        }

        return new { visitId = upload.SessionId, recorded = true, field = ScreeningViews.Field(field) };
    }
}
