using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TeleSante.FirmwareSim.Clinical.Messages;

namespace TeleSante.FirmwareSim.Clinical;

/// <summary>
/// The clinical HTTP API as the cabin software uses it (README, "Clinical HTTP API"): set up the site, the station
/// and the directory with an administrator's token, then for each patient record the identity, collect consent,
/// open the consultation, file requests and close it with the practitioners' tokens. Set-up steps are idempotent:
/// an entry that already exists (409 Duplicate) is kept as it is. Any other refusal is a
/// <see cref="ClinicalApiException"/> naming the step, the status and the gateway's problem code and detail.
/// </summary>
public sealed class ClinicalApiClient(HttpClient http, ClinicalTokens tokens)
{
    private const string Duplicate = "Duplicate";

    public ClinicalTokens Tokens => tokens;

    /// <summary>True when created, false when it already existed.</summary>
    public Task<bool> EnsureSiteAsync(SiteBody site, CancellationToken cancellationToken) =>
        EnsureAsync($"register site {site.Id}", "/api/admin/sites", site, ClinicalJsonContext.Default.SiteBody, cancellationToken);

    /// <summary>True when created, false when a station of that id already existed (its devices are then left as they are).</summary>
    public Task<bool> EnsureStationAsync(StationBody station, CancellationToken cancellationToken) =>
        EnsureAsync($"register station {station.Id}", "/api/admin/stations", station, ClinicalJsonContext.Default.StationBody, cancellationToken);

    public Task<bool> EnsurePractitionerAsync(PractitionerBody practitioner, CancellationToken cancellationToken) =>
        EnsureAsync($"register practitioner {practitioner.Id}", "/api/admin/practitioners", practitioner, ClinicalJsonContext.Default.PractitionerBody, cancellationToken);

    /// <summary>Records the patient with their test INS; null when that patient id was recorded before (same seed).</summary>
    public async Task<PatientRecorded?> RecordPatientAsync(SyntheticPatient patient, bool identityDocumentChecked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var body = new PatientBody(patient.Id, patient.Ins, TestIns.Oid, patient.BirthFamilyName, patient.BirthGivenNames, patient.FirstGivenName,
            patient.BirthDate, patient.Sex, patient.BirthPlaceCode, identityDocumentChecked);
        using var response = await SendAsync($"record patient {patient.Id}", tokens.Operator, "/api/clinical/patients", body, ClinicalJsonContext.Default.PatientBody,
            duplicateIsFine: true, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.Conflict ? null
            : await response.Content.ReadFromJsonAsync(ClinicalJsonContext.Default.PatientRecorded, cancellationToken).ConfigureAwait(false);
    }

    public async Task CollectConsentAsync(ConsentBody consent, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync($"collect consent {consent.Id}", tokens.Operator, "/api/clinical/consents", consent, ClinicalJsonContext.Default.ConsentBody,
            duplicateIsFine: false, cancellationToken).ConfigureAwait(false);
    }

    public async Task OpenConsultationAsync(ConsultationBody consultation, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync($"open consultation {consultation.Id}", tokens.Operator, "/api/clinical/consultations", consultation,
            ClinicalJsonContext.Default.ConsultationBody, duplicateIsFine: false, cancellationToken).ConfigureAwait(false);
    }

    public async Task CloseConsultationAsync(string consultationId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/clinical/consultations/{Uri.EscapeDataString(consultationId)}/close");
        using var _ = await SendAsync($"close consultation {consultationId}", tokens.Operator, request, duplicateIsFine: false, cancellationToken).ConfigureAwait(false);
    }

    public async Task<RequestFiled> SubmitRequestAsync(RequestBody body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync($"file request {body.Id}", tokens.Requester, "/api/clinical/requests", body, ClinicalJsonContext.Default.RequestBody,
            duplicateIsFine: false, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(ClinicalJsonContext.Default.RequestFiled, cancellationToken).ConfigureAwait(false)
            ?? throw new ClinicalApiException($"file request {body.Id}", (int)response.StatusCode, null, "empty answer");
    }

    /// <summary>POSTs a JSON body with one of the tokens (screening steps); the answer's JSON, or null for an entry that
    /// already existed when <paramref name="duplicateIsFine"/>.</summary>
    public async Task<JsonElement?> PostAsync(string step, string token, string path, System.Text.Json.Nodes.JsonObject body, bool duplicateIsFine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        using var response = await SendAndDisposeAsync(step, token, request, duplicateIsFine, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }

        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return json.RootElement.Clone();
    }

    private async Task<bool> EnsureAsync<T>(string step, string path, T body, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        if (tokens.Admin.Length == 0)
        {
            throw new ArgumentException($"{step}: needs an administrator's token (--admin-token)");
        }

        using var response = await SendAsync(step, tokens.Admin, path, body, type, duplicateIsFine: true, cancellationToken).ConfigureAwait(false);
        return response.StatusCode != HttpStatusCode.Conflict;
    }

    private Task<HttpResponseMessage> SendAsync<T>(string step, string token, string path, T body, JsonTypeInfo<T> type, bool duplicateIsFine, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, type) };
        return SendAndDisposeAsync(step, token, request, duplicateIsFine, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAndDisposeAsync(string step, string token, HttpRequestMessage request, bool duplicateIsFine, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await SendAsync(step, token, request, duplicateIsFine, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string step, string token, HttpRequestMessage request, bool duplicateIsFine, CancellationToken cancellationToken)
    {
        if (token.Length == 0)
        {
            throw new ArgumentException($"{step}: needs a token for this step (--operator-token, --requester-token)");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var problem = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
            if (duplicateIsFine && response.StatusCode == HttpStatusCode.Conflict && problem?.Code == Duplicate)
            {
                // The caller only looks at the status of an existing entry: hand back a body-less answer.
                return new HttpResponseMessage(HttpStatusCode.Conflict);
            }

            throw new ClinicalApiException(step, (int)response.StatusCode, problem?.Code,
                problem?.Detail ?? problem?.Title ?? (response.StatusCode == HttpStatusCode.Unauthorized ? "the token was refused (expired, or not signed by this gateway's issuer)" : response.ReasonPhrase ?? "no detail"));
        }
    }

    private static async Task<ClinicalProblem?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength == 0 || response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) != true)
        {
            return null;
        }

        try
        {
            return await response.Content.ReadFromJsonAsync(ClinicalJsonContext.Default.ClinicalProblem, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
