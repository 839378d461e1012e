using TeleSante.Access.Audit;
using TeleSante.Clinical;
using TeleSante.Clinical.Screening;
using TeleSante.Clinical.Store.Screening;
using TeleSante.Imaging;
using TeleSante.Imaging.Quality;
using TeleSante.Gateway.Imaging;

namespace TeleSante.Gateway.Screening;

/// <summary>
/// Links a fundus upload to its screening visit (issue 13): a macula- or disc-centred photograph uploaded into a
/// session that is a screening visit becomes that field's current capture, superseding the earlier one (a retake,
/// audited as such). The upload's answer carries the field's status, so the camera and the operator's page know at
/// once whether the field is done. A macula- or disc-centred photograph of a session that is not (yet) a screening visit
/// is stored for its consultation and the answer says so (<c>recorded: false</c>, why, and what to do), audited; when the
/// consultation is then registered as a visit, its photographs taken so far become the visit's captures
/// (<see cref="AdoptAsync"/>). "Other" fields are only stored, as before.
/// </summary>
internal sealed class ScreeningCaptureRecorder(ScreeningStore store, IImageStore images, FundusQualityAssessor gate, IAuditTrail audit,
    ILogger<ScreeningCaptureRecorder> logger)
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
            var notAVisit = outcome.Refusal.Code == RefusalCode.NotFound;
            var detail = notAVisit
                ? $"session {upload.SessionId} is not a screening visit: the photograph is stored for its consultation but is no visit's {upload.Laterality} {upload.Field} field; "
                  + "register the consultation as a screening visit (POST /api/screening/visits) and the photographs taken so far become its fields"
                : outcome.Refusal.Detail;

            // Stored, but not the visit's photograph: said in the answer and in the audit trail (once), never silently.
            if (!resend)
            {
                ScreeningLog.CaptureNotRecorded(logger, image.Id, upload.SessionId, detail);
                await audit.RecordAsync(new AuditEntry(upload.DeviceId, "screening.capture", "screening-visit/" + upload.SessionId, AuditEntry.Denied, peer,
                    $"image {image.Id}: {detail}"), CancellationToken.None);
            }

            return new { visitId = notAVisit ? null : upload.SessionId, recorded = false, reason = notAVisit ? "NotAScreeningVisit" : outcome.Refusal.Code.ToString(), detail };
        }

        var field = outcome.Value;
        if (!resend && field.Current?.ImageId == image.Id && field.Earlier.Count > 0 && field.Earlier[^1].SupersededBy == image.Id)
        {
            await audit.RecordAsync(new AuditEntry(upload.DeviceId, "screening.retake", "screening-visit/" + upload.SessionId, AuditEntry.Allowed, peer,
                $"{field.Name}: image {image.Id} supersedes image {field.Earlier[^1].ImageId} ({string.Join("; ", field.RetakeAfter)})"), CancellationToken.None);
        }

        return new { visitId = upload.SessionId, recorded = true, field = ScreeningViews.Field(field) };
    }

    /// <summary>
    /// A consultation just registered as a screening visit: the macula- and disc-centred photographs its camera sent before
    /// become the visit's captures, in the order they were taken (the last of a field is its current capture, the earlier
    /// ones superseded as retakes), each measured by the quality gate now and audited as adopted. Returns their image ids.
    /// </summary>
    public async Task<IReadOnlyList<long>> AdoptAsync(string visitId, string actorId, string? peer, CancellationToken cancellationToken)
    {
        var taken = (await images.ListAsync(visitId, cancellationToken)).Where(i => i.Upload.Field != RetinalField.Other)
            .OrderBy(i => i.Upload.CapturedAt).ThenBy(i => i.Id).ToList();
        var adopted = new List<long>();
        foreach (var image in taken)
        {
            var verdict = gate.Enabled ? await gate.AssessAsync(images, image, cancellationToken) : null;
            await RecordAsync(image, verdict, resend: false, peer, cancellationToken);
            adopted.Add(image.Id);
            await audit.RecordAsync(new AuditEntry(actorId, "screening.capture", "screening-visit/" + visitId, AuditEntry.Allowed, peer,
                $"image {image.Id} ({image.Upload.Laterality} {image.Upload.Field}), taken before the visit was registered, adopted as its capture"), CancellationToken.None);
        }

        return adopted;
    }
}
