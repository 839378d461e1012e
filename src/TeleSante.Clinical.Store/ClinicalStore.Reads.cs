using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Sites;
using TeleSante.Clinical.Store.Internal;

namespace TeleSante.Clinical.Store;

// The reads the gateway's pages and live worklist need (issue 11), and the expiry sweep.
public sealed partial class ClinicalStore
{
    /// <summary>Requests filed at <paramref name="siteId"/> (optionally only <paramref name="requestedBy"/>'s), newest first.</summary>
    public Task<IReadOnlyList<TeleExpertiseRequest>> ListRequestsOfSiteAsync(string siteId, string? requestedBy = null, CancellationToken cancellationToken = default) =>
        requestedBy is null
            ? LoadRequestsAsync("SELECT id FROM requests WHERE site_id = @key ORDER BY created_at DESC, id", siteId, cancellationToken)
            : LoadRequestsAsync("SELECT id FROM requests WHERE site_id = @key AND requested_by = @by ORDER BY created_at DESC, id", siteId, cancellationToken,
                ("@by", requestedBy));

    /// <summary>Requests filed from one consultation, oldest first.</summary>
    public Task<IReadOnlyList<TeleExpertiseRequest>> ListRequestsOfConsultationAsync(string consultationId, CancellationToken cancellationToken = default) =>
        LoadRequestsAsync("SELECT id FROM requests WHERE consultation_id = @key ORDER BY created_at, id", consultationId, cancellationToken);

    /// <summary>Requests about one patient, oldest first (who may read the patient's identity is decided from them).</summary>
    public Task<IReadOnlyList<TeleExpertiseRequest>> ListRequestsOfPatientAsync(string patientId, CancellationToken cancellationToken = default) =>
        LoadRequestsAsync("SELECT id FROM requests WHERE patient_id = @key ORDER BY created_at, id", patientId, cancellationToken);

    /// <summary>The sites where the patient has had a consultation.</summary>
    public async Task<IReadOnlyList<string>> ListSitesOfPatientAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QueryAsync(null, "SELECT DISTINCT site_id FROM consultations WHERE patient_id = @id ORDER BY site_id", r => r.Str("site_id"),
            cancellationToken, ("@id", patientId)).ConfigureAwait(false);
    }

    /// <summary>The stations of a site with their devices, by id.</summary>
    public async Task<IReadOnlyList<Station>> ListStationsOfSiteAsync(string siteId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ids = await connection.QueryAsync(null, "SELECT id FROM stations WHERE site_id = @id ORDER BY id", r => r.Str("id"), cancellationToken, ("@id", siteId))
            .ConfigureAwait(false);
        var stations = new List<Station>(ids.Count);
        foreach (var id in ids)
        {
            stations.Add((await LoadStationAsync(connection, null, id, cancellationToken).ConfigureAwait(false))!);
        }

        return stations;
    }

    /// <summary>
    /// The expiry sweep: every submitted request whose due time plus <see cref="TeleExpertiseOptions.ExpiryGrace"/> has passed at the
    /// store's clock is expired, one step each (audited as the system actor). A request a specialist accepts meanwhile wins its race and
    /// is left alone. Returns the requests it expired.
    /// </summary>
    public async Task<IReadOnlyList<TeleExpertiseRequest>> ExpireOverdueAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = _time.GetUtcNow() - _workflow.Options.ExpiryGrace;
        List<string> ids;
        await using (var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            ids = await connection.QueryAsync(null, "SELECT id FROM requests WHERE state = @state AND due_at <= @cutoff ORDER BY due_at, id", r => r.Str("id"),
                cancellationToken, ("@state", nameof(RequestState.Submitted)), ("@cutoff", Sql.Ms(cutoff))).ConfigureAwait(false);
        }

        var expired = new List<TeleExpertiseRequest>(ids.Count);
        foreach (var id in ids)
        {
            // A refusal here is a lost race (accepted, cancelled or resubmitted since the query): nothing to do.
            if (await ExpireAsync(id, cancellationToken).ConfigureAwait(false) is { Succeeded: true } outcome)
            {
                expired.Add(outcome.Value);
            }
        }

        return expired;
    }

    private async Task<IReadOnlyList<TeleExpertiseRequest>> LoadRequestsAsync(string idQuery, string key, CancellationToken cancellationToken,
        params (string Name, object? Value)[] more)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ids = await connection.QueryAsync(null, idQuery, r => r.Str("id"), cancellationToken, [("@key", key), .. more]).ConfigureAwait(false);
        var requests = new List<TeleExpertiseRequest>(ids.Count);
        foreach (var id in ids)
        {
            requests.Add((await LoadRequestAsync(connection, null, id, cancellationToken).ConfigureAwait(false))!);
        }

        return requests;
    }
}
