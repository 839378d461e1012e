using System.Data.Common;
using System.Text.Json;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Screening;
using TeleSante.Clinical.Store.Internal;

namespace TeleSante.Clinical.Store.Screening;

// The capture protocol: each protocol field's photographs with the gate's verdicts, retakes, sending to grading.
public sealed partial class ScreeningStore
{
    /// <summary>
    /// Records a photograph uploaded into a screening visit's session as the current capture of its eye and field; the
    /// field's previous current capture, whatever its verdict, becomes superseded by it (kept, never deleted). Refused
    /// with <see cref="RefusalCode.NotFound"/> when the session is not a screening visit and
    /// <see cref="RefusalCode.WrongState"/> once the visit was sent to grading (what the graders grade does not change
    /// under them). Recording the same image again (a camera's resend) changes nothing.
    /// </summary>
    public async Task<Outcome<FieldStatus>> RecordCaptureAsync(string visitId, FundusCapture capture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(capture);
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var sent = (await connection.QueryAsync(transaction, "SELECT sent_at FROM screening_visits WHERE consultation_id = @id",
                r => (Sent: r.TimeOrNull("sent_at"), Found: true), cancellationToken, ("@id", visitId)).ConfigureAwait(false)).SingleOrDefault();
            if (!sent.Found)
            {
                return Missing("screening visit", visitId);
            }

            var captures = await LoadCapturesAsync(connection, transaction, visitId, cancellationToken).ConfigureAwait(false);
            if (captures.Any(c => c.ImageId == capture.ImageId))
            {
                return Status(captures, capture);
            }

            if (sent.Sent is { } at)
            {
                return new Refusal(RefusalCode.WrongState, $"Screening visit {visitId} was sent to grading at {at:u}; its photographs are no longer changed.");
            }

            var now = _time.GetUtcNow();
            try
            {
                await connection.ExecuteAsync(transaction,
                    """
                    UPDATE screening_captures SET superseded_by = @new, superseded_at = @at
                    WHERE visit_id = @v AND eye = @eye AND field = @field AND superseded_by IS NULL
                    """, cancellationToken,
                    ("@new", capture.ImageId), ("@at", Sql.Ms(now)), ("@v", visitId), ("@eye", capture.Eye.ToString()), ("@field", capture.Field.ToString())).ConfigureAwait(false);
                await connection.ExecuteAsync(transaction,
                    """
                    INSERT INTO screening_captures (visit_id, image_id, device_id, capture_id, eye, field, captured_at, recorded_at, verdict, reasons)
                    VALUES (@v, @image, @device, @capture, @eye, @field, @captured, @at, @verdict, @reasons)
                    """, cancellationToken,
                    ("@v", visitId), ("@image", capture.ImageId), ("@device", capture.DeviceId), ("@capture", capture.CaptureId), ("@eye", capture.Eye.ToString()),
                    ("@field", capture.Field.ToString()), ("@captured", Sql.Ms(capture.CapturedAt)), ("@at", Sql.Ms(now)), ("@verdict", capture.Verdict.ToString()),
                    ("@reasons", JsonSerializer.Serialize(capture.Reasons.ToList(), ScreeningJson.Default.ListString))).ConfigureAwait(false);
                var after = await LoadCapturesAsync(connection, transaction, visitId, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return Status(after, capture);
            }
            catch (DbException ex) when (Sql.IsUniqueViolation(ex) && attempt < MaxConflictRetries)
            {
                // Another capture of the same field (or this one, resent) landed first: decide again on the new state.
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        static FieldStatus Status(IReadOnlyList<FundusCapture> captures, FundusCapture capture) =>
            CaptureRules.Fields(captures).Single(f => f.Eye == capture.Eye && f.Field == capture.Field);
    }

    /// <summary>The visit's four protocol fields, or null when it is not a screening visit.</summary>
    public async Task<VisitCaptures?> GetCapturesAsync(string visitId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (await LoadVisitAsync(connection, null, visitId, cancellationToken).ConfigureAwait(false) is not { } visit)
        {
            return null;
        }

        var captures = await LoadCapturesAsync(connection, null, visitId, cancellationToken).ConfigureAwait(false);
        return new VisitCaptures(visitId, visit.SiteId, CaptureRules.Fields(captures), visit.Sent);
    }

    /// <summary>
    /// Sends the visit to the graders (an operator of its site, once). Complete when every field's current capture is
    /// gradable; otherwise refused with the fields named, unless the operator records why it goes as it is (the
    /// request then carries the fields and the reason).
    /// </summary>
    public async Task<Outcome<GradingRequest>> SendToGradingAsync(string visitId, string? incompleteReason, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await LoadVisitAsync(connection, transaction, visitId, cancellationToken).ConfigureAwait(false) is not { } visit)
        {
            return Missing("screening visit", visitId);
        }

        if (!actor.Practitioner.Has(ClinicalRoles.SiteOperator) || !actor.Practitioner.WorksAt(visit.SiteId))
        {
            return new Refusal(RefusalCode.OtherSite, "Only an operator of the visit's site sends it to grading.");
        }

        if (visit.Sent is { } sent)
        {
            return new Refusal(RefusalCode.WrongState, $"Screening visit {visitId} was already sent to grading at {sent.SentAt:u}.");
        }

        var fields = CaptureRules.Fields(await LoadCapturesAsync(connection, transaction, visitId, cancellationToken).ConfigureAwait(false));
        var outcome = CaptureRules.Send(fields, incompleteReason, actor.Id, _time.GetUtcNow());
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        var request = outcome.Value;
        var changed = await connection.ExecuteAsync(transaction,
            """
            UPDATE screening_visits SET sent_at = @at, sent_by = @by, incomplete_fields = @fields, incomplete_reason = @reason
            WHERE consultation_id = @id AND sent_at IS NULL
            """, cancellationToken,
            ("@at", Sql.Ms(request.SentAt)), ("@by", request.SentBy),
            ("@fields", request.Complete ? null : JsonSerializer.Serialize(request.IncompleteFields.ToList(), ScreeningJson.Default.ListString)),
            ("@reason", request.IncompleteReason), ("@id", visitId)).ConfigureAwait(false);
        if (changed != 1)
        {
            return new Refusal(RefusalCode.WrongState, $"Screening visit {visitId} was already sent to grading.");
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return request;
    }

    private static Refusal NotSent(string visitId) =>
        new(RefusalCode.WrongState, $"Screening visit {visitId} has not been sent to grading yet (its photographs may still be retaken).");

    private static GradingRequest? ReadGradingRequest(DbDataReader r) => r.TimeOrNull("sent_at") is { } at
        ? new GradingRequest(at, r.Str("sent_by"), r.StrOrNull("incomplete_fields") is { } json ? Strings(json) : [], r.StrOrNull("incomplete_reason"))
        : null;

    private static List<string> Strings(string json) => JsonSerializer.Deserialize(json, ScreeningJson.Default.ListString) ?? [];

    private static async Task<IReadOnlyList<FundusCapture>> LoadCapturesAsync(DbConnection connection, DbTransaction? transaction, string visitId, CancellationToken cancellationToken) =>
        await connection.QueryAsync(transaction, "SELECT * FROM screening_captures WHERE visit_id = @v ORDER BY recorded_at, image_id", r => new FundusCapture(
            r.Long("image_id"), r.Str("device_id"), r.Str("capture_id"), r.Enum<FundusEye>("eye"), r.Enum<FundusField>("field"), r.Time("captured_at"),
            r.Time("recorded_at"), r.Enum<CaptureVerdict>("verdict"), Strings(r.Str("reasons")), r.LongOrNull("superseded_by"), r.TimeOrNull("superseded_at")),
            cancellationToken, ("@v", visitId)).ConfigureAwait(false);
}
