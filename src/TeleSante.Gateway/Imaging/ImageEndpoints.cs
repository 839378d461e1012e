using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TeleSante.Access.Assignments;
using TeleSante.Access.Audit;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Validation;
using TeleSante.Gateway.Attribution;
using TeleSante.Gateway.Screening;
using TeleSante.Gateway.Security;
using TeleSante.Imaging;
using TeleSante.Imaging.Quality;
using TeleSante.Ingestion.DeadLetters;

namespace TeleSante.Gateway.Imaging;

internal static class ImageEndpoints
{
    public const string Transport = "http-image";

    /// <summary>
    /// Devices: PUT /api/devices/{deviceId}/images/{captureId}?session=&amp;laterality=OD|OS&amp;field=macula|disc|other&amp;capturedAt=RFC3339
    /// with the PNG or JPEG as the body (Content-Type image/png or image/jpeg) and the device's
    /// credential in the x-telesante-device / x-telesante-token headers. 201 when stored durably, 200
    /// when that capture was already stored with the same bytes (a resend), otherwise a problem with a
    /// typed "reason" (400, 401, 403, 409, 413, 415); refusals are kept as dead letters.
    /// Practitioners: GET /api/sessions/{sessionId}/images (the list) and
    /// GET /api/sessions/{sessionId}/images/{imageId} (the bytes), assignment checked and audited.
    /// </summary>
    public static IEndpointRouteBuilder MapImages(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/devices/{deviceId}/images/{captureId}", UploadAsync);

        var sessions = app.MapGroup("/api/sessions/{sessionId}/images").RequireAuthorization();
        sessions.MapGet("/", async (string sessionId, IImageStore store, SessionAuthorizer authorizer, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (Identifiers.Check("session", sessionId) is { } badId)
            {
                return Results.Problem(badId, statusCode: StatusCodes.Status400BadRequest);
            }

            if (!await authorizer.CanViewAsync(http.User, sessionId, "images.list", http.Connection.RemoteIpAddress?.ToString(), cancellationToken))
            {
                return Results.Problem("not assigned to this session", statusCode: StatusCodes.Status403Forbidden);
            }

            var images = await store.ListAsync(sessionId, cancellationToken);
            return Results.Ok(new { sessionId, images = images.Select(i => Describe(i, sessionId)) });
        });

        sessions.MapGet("/{imageId:long}", async (string sessionId, long imageId, IImageStore store, SessionAuthorizer authorizer, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (Identifiers.Check("session", sessionId) is { } badId)
            {
                return Results.Problem(badId, statusCode: StatusCodes.Status400BadRequest);
            }

            if (!await authorizer.CanViewAsync(http.User, sessionId, "image.view", http.Connection.RemoteIpAddress?.ToString(), "image " + imageId.ToString(CultureInfo.InvariantCulture), cancellationToken))
            {
                return Results.Problem("not assigned to this session", statusCode: StatusCodes.Status403Forbidden);
            }

            if (await store.GetAsync(sessionId, imageId, cancellationToken) is not { } image)
            {
                return Results.Problem($"no image {imageId} in session '{sessionId}'", statusCode: StatusCodes.Status404NotFound);
            }

            // Patient photographs must not linger in shared caches or be sniffed as something else.
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Stream(store.OpenRead(image), image.Info.ContentType, entityTag: new EntityTagHeaderValue($"\"{image.Sha256}\""));
        });
        return app;
    }

    private static async Task<IResult> UploadAsync(
        string deviceId,
        string captureId,
        string? session,
        string? laterality,
        string? field,
        string? capturedAt,
        string? site,
        HttpContext http,
        DeviceAuthenticator authenticator,
        IImageStore store,
        ISessionSites sessionSites,
        ConsultationAttributionGuard attribution,
        IDeadLetterStore deadLetters,
        IAuditTrail audit,
        IOptions<ImagingOptions> options,
        FundusQualityAssessor gate,
        ScreeningCaptureRecorder screening,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var peer = http.Connection.RemoteIpAddress?.ToString();
        var check = await authenticator.CheckAsync(http.Request.Headers[DeviceIdentity.DeviceHeader], http.Request.Headers[DeviceIdentity.TokenHeader], peer, cancellationToken);
        if (check.Refused)
        {
            return Results.Problem(check.Refusal, statusCode: StatusCodes.Status401Unauthorized, extensions: Reason("Unauthenticated"));
        }

        // A registered device sends for itself (a station agent for its site's devices); its site is the registry's.
        var siteId = check.Device?.Site ?? site;
        if (check.Device is { } device && DeviceIdentity.Check(device, deviceId, site ?? device.Site) is { } refusal)
        {
            await audit.RecordAsync(new AuditEntry(device.Id, "image.upload", "device/" + deviceId, AuditEntry.Denied, peer, refusal), CancellationToken.None);
            return Results.Problem(refusal, statusCode: StatusCodes.Status403Forbidden, extensions: Reason("DeviceMismatch"));
        }

        if (http.Request.ContentLength > options.Value.MaxImageBytes)
        {
            return await RefuseAsync(new ImageRejectedException(ImageRejection.TooLarge, $"Content-Length {http.Request.ContentLength} is more than the {options.Value.MaxImageBytes} bytes allowed (Imaging:MaxImageBytes)"));
        }

        var contentType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (contentType is not ("image/png" or "image/jpeg"))
        {
            return await RefuseAsync(new ImageRejectedException(ImageRejection.UnsupportedFormat, $"Content-Type must be image/png or image/jpeg, not '{http.Request.ContentType}'"));
        }

        if (!TryParseMetadata(laterality, field, capturedAt, out var eye, out var retinalField, out var captured, out var problem) || siteId is null || session is null)
        {
            return await RefuseAsync(new ImageRejectedException(ImageRejection.BadMetadata, problem ?? "query parameters session (and site when devices are not authenticated) are required"));
        }

        // The same attribution as readings' (Attribution:Mode Consultation), before the session claim. A resend of a
        // capture stored before the consultation closed goes on to the store, which answers it as before (200, or 409
        // for other bytes) and never places a second blob.
        if (attribution.Check(deviceId, siteId, session) is { IsAllowed: false } misattributed
            && !(await store.ListAsync(session, cancellationToken)).Any(i => i.Upload.DeviceId == deviceId && i.Upload.CaptureId == captureId))
        {
            await attribution.RecordRefusalAsync(check.Device?.Id ?? deviceId, "image.upload", session, Transport, peer, misattributed);
            var metadata = JsonSerializer.SerializeToUtf8Bytes(new { deviceId, captureId, session, laterality, field, capturedAt, contentType = http.Request.ContentType, contentLength = http.Request.ContentLength });
            await deadLetters.AddAsync(new DeadLetter(0, time.GetUtcNow(), Transport, deviceId, null, misattributed.Reason, misattributed.Detail!, metadata), CancellationToken.None);
            return Results.Problem(misattributed.Detail, statusCode: StatusCodes.Status403Forbidden, title: "Image refused",
                extensions: Reason(misattributed.Reason == RejectReason.SessionSiteMismatch ? "DeviceMismatch" : misattributed.Reason.ToString()));
        }

        // The same claim as readings' (before anything is stored): a session belongs to one site.
        if (await sessionSites.ClaimAsync(session, siteId, cancellationToken) is var owner && owner != siteId)
        {
            var foreign = $"session '{session}' belongs to site '{owner}', not '{siteId}'";
            await audit.RecordAsync(new AuditEntry(check.Device?.Id ?? deviceId, "image.upload", "session/" + session, AuditEntry.Denied, peer, foreign), CancellationToken.None);
            return Results.Problem(foreign, statusCode: StatusCodes.Status403Forbidden, extensions: Reason("DeviceMismatch"));
        }

        var upload = new ImageUpload(deviceId, siteId, session, captureId, eye, retinalField, captured, contentType);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            // Kestrel's own default (30 MB) must not cut an upload the configured limit allows; ours answers first.
            bodyLimit.MaxRequestBodySize = options.Value.MaxImageBytes + (64 * 1024);
        }

        ImageStoreResult result;
        try
        {
            result = await store.StoreAsync(upload, http.Request.Body, cancellationToken);
        }
        catch (ImageRejectedException ex)
        {
            return await RefuseAsync(ex);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return await RefuseAsync(new ImageRejectedException(ImageRejection.TooLarge, $"the image is larger than the {options.Value.MaxImageBytes} bytes allowed (Imaging:MaxImageBytes)"));
        }

        var stored = result.Image;
        var duplicate = result.Outcome == ImageStoreOutcome.AlreadyStored;
        // Stored either way (a grader may still read an imperfect photograph); the verdict tells the operator to retake now.
        var verdict = gate.Enabled ? await gate.AssessAsync(store, stored, cancellationToken) : null;
        if (!duplicate)
        {
            var quality = verdict is null ? "quality not assessed" : verdict.Gradable ? "gradable" : "ungradable: " + string.Join("; ", verdict.Reasons);
            await audit.RecordAsync(new AuditEntry(check.Device?.Id ?? deviceId, "image.upload", "session/" + session, AuditEntry.Allowed, peer,
                string.Create(CultureInfo.InvariantCulture, $"image {stored.Id}, capture {captureId}, {eye} {retinalField}, {stored.SizeBytes} bytes, {quality}")), CancellationToken.None);
        }

        // A screening visit's field (issue 13): this capture becomes the field's current one; null outside a screening visit.
        var visitField = await screening.RecordAsync(stored, verdict, duplicate, peer, cancellationToken);
        var body = new { imageId = stored.Id, stored.Sha256, stored.SizeBytes, format = stored.Info.Format.ToString(), stored.Info.Width, stored.Info.Height, duplicate, quality = Describe(verdict), screening = visitField };
        return duplicate ? Results.Ok(body) : Results.Created($"/api/sessions/{session}/images/{stored.Id}", body);

        async Task<IResult> RefuseAsync(ImageRejectedException rejection)
        {
            // The device gets the reason; the refusal is kept (metadata only: the bytes may be huge or hostile).
            var metadata = JsonSerializer.SerializeToUtf8Bytes(new { deviceId, captureId, session, laterality, field, capturedAt, contentType = http.Request.ContentType, contentLength = http.Request.ContentLength });
            await deadLetters.AddAsync(new DeadLetter(0, time.GetUtcNow(), Transport, deviceId, null, ToRejectReason(rejection.Reason), rejection.Message, metadata), CancellationToken.None);
            var status = rejection.Reason switch
            {
                ImageRejection.TooLarge => StatusCodes.Status413PayloadTooLarge,
                ImageRejection.UnsupportedFormat => StatusCodes.Status415UnsupportedMediaType,
                ImageRejection.Conflict => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status400BadRequest,
            };
            return Results.Problem(rejection.Message, statusCode: status, title: "Image refused", extensions: Reason(rejection.Reason.ToString()));
        }
    }

    /// <summary>The verdict as the upload answer carries it; null when the gate is switched off (not assessed, shown as such).</summary>
    private static object? Describe(FundusVerdict? verdict) => verdict is null ? null : new
    {
        verdict = verdict.Gradable ? "gradable" : "ungradable",
        verdict.Gradable,
        verdict.Reasons,
        ungradableProbability = Math.Round(verdict.UngradableProbability, 4),
        measurements = FundusMeasurements.Names.Zip(verdict.Measurements.ToFeatures()).ToDictionary(p => p.First, p => Math.Round((double)p.Second, 5)),
        retake = !verdict.Gradable,
    };

    private static object Describe(StoredImage image, string sessionId) => new
    {
        id = image.Id,
        image.Upload.DeviceId,
        image.Upload.CaptureId,
        laterality = image.Upload.Laterality.ToString(),
        field = image.Upload.Field.ToString(),
        image.Upload.CapturedAt,
        contentType = image.Info.ContentType,
        image.Info.Width,
        image.Info.Height,
        image.SizeBytes,
        image.Sha256,
        image.ReceivedAt,
        href = $"/api/sessions/{sessionId}/images/{image.Id}",
    };

    private static bool TryParseMetadata(string? laterality, string? field, string? capturedAt, out EyeLaterality eye, out RetinalField retinalField, out DateTimeOffset captured, out string? problem)
    {
        eye = default;
        retinalField = default;
        captured = default;
        problem = null;
        switch (laterality?.ToUpperInvariant())
        {
            case "OD" or "R" or "RIGHT":
                eye = EyeLaterality.OD;
                break;
            case "OS" or "L" or "LEFT":
                eye = EyeLaterality.OS;
                break;
            default:
                problem = $"laterality must be OD (right eye) or OS (left eye), not '{laterality}'";
                return false;
        }

        switch (field?.ToLowerInvariant())
        {
            case "macula" or "maculacentred":
                retinalField = RetinalField.MaculaCentred;
                break;
            case "disc" or "disccentred":
                retinalField = RetinalField.DiscCentred;
                break;
            case "other":
                retinalField = RetinalField.Other;
                break;
            default:
                problem = $"field must be macula, disc or other, not '{field}'";
                return false;
        }

        // RFC 3339 requires the offset: a camera's local time without one cannot be placed on the timeline.
        var time = capturedAt?.IndexOf('T', StringComparison.Ordinal) is > 0 and var t ? capturedAt[t..] : null;
        var hasOffset = time is not null && (time.EndsWith('Z') || time.EndsWith('z') || time.Contains('+', StringComparison.Ordinal) || time.Contains('-', StringComparison.Ordinal));
        if (!hasOffset || !DateTimeOffset.TryParse(capturedAt, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out captured))
        {
            problem = $"capturedAt must be an RFC 3339 time with its offset, not '{capturedAt}'";
            return false;
        }

        return true;
    }

    private static RejectReason ToRejectReason(ImageRejection reason) => reason switch
    {
        ImageRejection.BadMetadata => RejectReason.BadIdentity,
        ImageRejection.BadTimestamp => RejectReason.BadTimestamp,
        ImageRejection.TooLarge => RejectReason.TooLarge,
        ImageRejection.Conflict => RejectReason.Inconsistent,
        _ => RejectReason.Malformed,
    };

    private static Dictionary<string, object?> Reason(string reason) => new() { ["reason"] = reason };
}
