using TeleSante.Access.Audit;
using TeleSante.Clinical;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Screening;
using TeleSante.Clinical.Store.Screening;
using TeleSante.Gateway.Clinical;
using TeleSante.Imaging;

namespace TeleSante.Gateway.Screening;

internal static class ScreeningCaptureEndpoints
{
    /// <summary>
    /// The capture side of a visit (issue 13): GET /visits/{id}/fields, each protocol field's status (missing, gradable,
    /// ungradable with the gate's reasons) for the operator's page while the patient is in the chair, and for the
    /// graders once the visit is sent; POST /visits/{id}/send, the operator sends the visit to grading (409 naming the
    /// fields while one is missing or ungradable, unless the operator records why); GET /visits/{id}/captures/{imageId}/thumbnail,
    /// a capture's downscaled JPEG for the operator's page.
    /// </summary>
    public static void MapScreeningCaptures(this IEndpointRouteBuilder app, RouteGroupBuilder screening)
    {
        ArgumentNullException.ThrowIfNull(app);
        screening.MapGet("/visits/{id}/fields", async (string id, ClinicalActors actors, ScreeningStore store, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, actor => ReadFieldsAsync(store, id, actor, ct));
            return await ClinicalProblems.AnswerAsync(audit, http, "screening.fields.read", "screening-visit/" + id, outcome, c => Results.Ok(ScreeningViews.Captures(c)));
        });

        // A capture's thumbnail for the operator's page: the same readers as the fields, only the visit's own captures (current
        // or superseded), each read audited with its image id. Made once (CaptureThumbnails), then served from disk.
        screening.MapGet("/visits/{id}/captures/{imageId:long}/thumbnail", async (string id, long imageId, ClinicalActors actors, ScreeningStore store, IImageStore images,
            CaptureThumbnails thumbnails, IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, async actor =>
            {
                var read = await ReadFieldsAsync(store, id, actor, ct);
                if (!read.Succeeded)
                {
                    return read.Refusal;
                }

                var ofVisit = read.Value.Fields.Any(f => f.Current?.ImageId == imageId || f.Earlier.Any(e => e.ImageId == imageId));
                if (!ofVisit || await images.GetAsync(id, imageId, ct) is not { } image)
                {
                    return new Refusal(RefusalCode.NotFound, $"image {imageId} is not a capture of screening visit {id}");
                }

                return Outcome<string>.Success(await thumbnails.PathAsync(image, ct));
            });
            return await ClinicalProblems.AnswerAsync(audit, http, "screening.thumbnail.read", $"screening-visit/{id}/image/{imageId}", outcome, path =>
            {
                http.Response.Headers.CacheControl = "private, no-store";
                return Results.File(path, "image/jpeg");
            });
        });

        screening.MapPost("/visits/{id}/send", async (string id, SendToGradingInput? input, ClinicalActors actors, ScreeningStore store, FundusWorklistNotifier worklists,
            IAuditTrail audit, HttpContext http, CancellationToken ct) =>
        {
            var outcome = await actors.RunAsync(http, ct, actor => store.SendToGradingAsync(id, input?.IncompleteReason, actor, ct));
            var answer = await ClinicalProblems.AnswerAsync(audit, http, "screening.visit.send", "screening-visit/" + id, outcome, r => Results.Ok(ScreeningViews.Sent(r)));
            // Sent: the grading request enters the graders' worklists (issue 13).
            if (outcome.Succeeded && await store.GetVisitAsync(id, CancellationToken.None) is { } visit)
            {
                await worklists.VisitChangedAsync(visit);
            }

            return answer;
        });
    }

    /// <summary>The visit's fields for an operator of its site, or for a grader once it is sent (never a visit still being
    /// photographed).</summary>
    private static async Task<Outcome<VisitCaptures>> ReadFieldsAsync(ScreeningStore store, string id, Actor actor, CancellationToken ct)
    {
        if (await store.GetCapturesAsync(id, ct) is not { } captures)
        {
            return new Refusal(RefusalCode.NotFound, $"screening visit {id} does not exist");
        }

        var p = actor.Practitioner;
        if (p.Has(ClinicalRoles.SiteOperator) && p.WorksAt(captures.SiteId))
        {
            return captures;
        }

        return (p.Has(ClinicalRoles.Grader) || p.Has(ClinicalRoles.ArbitrationGrader)) && captures.Sent is not null
            ? captures
            : new Refusal(RefusalCode.WrongRole, "a visit's fields are read by the operators of its site, and by graders once it is sent to grading");
    }
}
