using System.Data.Common;
using System.Globalization;
using TeleSante.Clinical.Patients;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Sites;
using TeleSante.Clinical.Store.Internal;
using TeleSante.Domain.Validation;

namespace TeleSante.Clinical.Store;

// Sites, stations, practitioners and patients: the records the workflow refers to.
public sealed partial class ClinicalStore
{
    public Task<Outcome<Cpts>> AddCptsAsync(Cpts cpts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cpts);
        if (Identifiers.Check("CPTS id", cpts.Id) is { } bad)
        {
            return Task.FromResult<Outcome<Cpts>>(new Refusal(RefusalCode.InvalidInput, bad));
        }

        return InsertAsync(cpts, $"CPTS {cpts.Id}", (c, t) => c.ExecuteAsync(t, "INSERT INTO cpts (id, name) VALUES (@id, @name)", cancellationToken,
            ("@id", cpts.Id), ("@name", cpts.Name)), cancellationToken);
    }

    public Task<Outcome<Site>> AddSiteAsync(Site site, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (Identifiers.Check("site id", site.Id) is { } bad)
        {
            return Task.FromResult<Outcome<Site>>(new Refusal(RefusalCode.InvalidInput, bad));
        }

        return InsertAsync(site, $"site {site.Id}", (c, t) => c.ExecuteAsync(t,
            "INSERT INTO sites (id, name, kind, cpts_id) VALUES (@id, @name, @kind, @cpts)", cancellationToken,
            ("@id", site.Id), ("@name", site.Name), ("@kind", site.Kind.ToString()), ("@cpts", site.CptsId)), cancellationToken);
    }

    public Task<Outcome<Station>> AddStationAsync(Station station, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(station);
        if (new[] { Identifiers.Check("station id", station.Id) }.Concat(station.DeviceIds.Select(d => Identifiers.Check("device id", d)))
                .FirstOrDefault(e => e is not null) is { } bad)
        {
            return Task.FromResult<Outcome<Station>>(new Refusal(RefusalCode.InvalidInput, bad));
        }

        return InsertAsync(station, $"station {station.Id} or one of its devices", async (c, t) =>
        {
            await c.ExecuteAsync(t, "INSERT INTO stations (id, site_id, name, kind) VALUES (@id, @site, @name, @kind)", cancellationToken,
                ("@id", station.Id), ("@site", station.SiteId), ("@name", station.Name), ("@kind", station.Kind.ToString())).ConfigureAwait(false);
            foreach (var device in station.DeviceIds)
            {
                await c.ExecuteAsync(t, "INSERT INTO station_devices (device_id, station_id) VALUES (@device, @station)", cancellationToken,
                    ("@device", device), ("@station", station.Id)).ConfigureAwait(false);
            }
        }, cancellationToken);
    }

    public async Task<Station?> GetStationAsync(string stationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await LoadStationAsync(connection, null, stationId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The station a device belongs to (the ingestion check will ask this).</summary>
    public async Task<Station?> FindStationOfDeviceAsync(string deviceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var ids = await connection.QueryAsync(null, "SELECT station_id FROM station_devices WHERE device_id = @d", r => r.Str("station_id"),
            cancellationToken, ("@d", deviceId)).ConfigureAwait(false);
        return ids.Count == 0 ? null : await LoadStationAsync(connection, null, ids[0], cancellationToken).ConfigureAwait(false);
    }

    public Task<Outcome<Practitioner>> AddPractitionerAsync(Practitioner practitioner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(practitioner);
        if (Identifiers.Check("practitioner id", practitioner.Id) is { } bad)
        {
            return Task.FromResult<Outcome<Practitioner>>(new Refusal(RefusalCode.InvalidInput, bad));
        }

        // An Rpps can only be built valid; default(Rpps) (no value) cannot be stored.
        if (practitioner.Rpps.Value is null)
        {
            return Task.FromResult<Outcome<Practitioner>>(new Refusal(RefusalCode.InvalidInput, "an RPPS number is required"));
        }

        return InsertAsync(practitioner, $"practitioner {practitioner.Id} (or RPPS {practitioner.Rpps})", async (c, t) =>
        {
            await c.ExecuteAsync(t,
                "INSERT INTO practitioners (id, family_name, given_name, rpps, profession, specialty, roles) VALUES (@id, @family, @given, @rpps, @profession, @specialty, @roles)",
                cancellationToken, ("@id", practitioner.Id), ("@family", practitioner.FamilyName), ("@given", practitioner.GivenName),
                ("@rpps", practitioner.Rpps.Value), ("@profession", practitioner.Profession), ("@specialty", practitioner.Specialty),
                ("@roles", (long)practitioner.Roles)).ConfigureAwait(false);
            foreach (var site in practitioner.SiteIds)
            {
                await c.ExecuteAsync(t, "INSERT INTO practitioner_sites (practitioner_id, site_id) VALUES (@p, @s)", cancellationToken,
                    ("@p", practitioner.Id), ("@s", site)).ConfigureAwait(false);
            }
        }, cancellationToken);
    }

    public async Task<Practitioner?> GetPractitionerAsync(string practitionerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var sites = await connection.QueryAsync(null, "SELECT site_id FROM practitioner_sites WHERE practitioner_id = @id ORDER BY site_id",
            r => r.Str("site_id"), cancellationToken, ("@id", practitionerId)).ConfigureAwait(false);
        var rows = await connection.QueryAsync(null, "SELECT * FROM practitioners WHERE id = @id", r => new Practitioner(
                r.Str("id"), r.Str("family_name"), r.Str("given_name"), Rpps.Parse(r.Str("rpps")), r.Str("profession"), r.StrOrNull("specialty"),
                (ClinicalRoles)r.Long("roles"), sites),
            cancellationToken, ("@id", practitionerId)).ConfigureAwait(false);
        return rows.SingleOrDefault();
    }

    /// <summary>Adds a patient; a second record with the same INS is refused as a duplicate identity.</summary>
    public Task<Outcome<Patient>> AddPatientAsync(Patient patient, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return InsertAsync(patient, $"patient {patient.Id} (or a patient with the same INS)", (c, t) => c.ExecuteAsync(t,
            """
            INSERT INTO patients (id, ins, ins_oid, birth_family_name, birth_given_names, first_given_name, birth_date, sex, birth_place_code, identity_document_checked)
            VALUES (@id, @ins, @oid, @family, @given, @first, @birth, @sex, @place, @checked)
            """, cancellationToken,
            ("@id", patient.Id), ("@ins", patient.Ins?.Reveal()), ("@oid", patient.Ins?.Oid), ("@family", patient.BirthFamilyName),
            ("@given", patient.BirthGivenNames), ("@first", patient.FirstGivenName), ("@birth", patient.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("@sex", patient.Sex.ToString()), ("@place", patient.BirthPlaceCode), ("@checked", Sql.Flag(patient.IdentityDocumentChecked))), cancellationToken);
    }

    public async Task<Patient?> GetPatientAsync(string patientId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync(null, "SELECT * FROM patients WHERE id = @id", ReadPatient, cancellationToken, ("@id", patientId)).ConfigureAwait(false);
        return rows.SingleOrDefault();
    }

    private static Patient ReadPatient(DbDataReader r)
    {
        Ins? ins = null;
        if (r.StrOrNull("ins") is { } text && !Ins.TryCreate(text, r.Str("ins_oid"), out ins, out var error))
        {
            throw new InvalidDataException($"patient {r.Str("id")}: the stored INS is invalid ({error})");
        }

        var outcome = Patient.Create(r.Str("id"), ins, r.Str("birth_family_name"), r.Str("birth_given_names"), r.Str("first_given_name"),
            DateOnly.ParseExact(r.Str("birth_date"), "yyyy-MM-dd", CultureInfo.InvariantCulture), r.Enum<Sex>("sex"), r.Str("birth_place_code"),
            r.Bool("identity_document_checked"));
        return outcome.Succeeded ? outcome.Value : throw new InvalidDataException($"patient {r.Str("id")}: {outcome.Refusal}");
    }

    private static async Task<Station?> LoadStationAsync(DbConnection connection, DbTransaction? transaction, string stationId, CancellationToken cancellationToken)
    {
        var devices = await connection.QueryAsync(transaction, "SELECT device_id FROM station_devices WHERE station_id = @id ORDER BY device_id",
            r => r.Str("device_id"), cancellationToken, ("@id", stationId)).ConfigureAwait(false);
        var rows = await connection.QueryAsync(transaction, "SELECT * FROM stations WHERE id = @id",
            r => new Station(r.Str("id"), r.Str("site_id"), r.Str("name"), r.Enum<StationKind>("kind"), devices), cancellationToken, ("@id", stationId))
            .ConfigureAwait(false);
        return rows.SingleOrDefault();
    }
}
