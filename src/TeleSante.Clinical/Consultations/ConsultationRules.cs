using TeleSante.Clinical.Consents;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Sites;
using TeleSante.Domain.Validation;

namespace TeleSante.Clinical.Consultations;

/// <summary>Opening and closing consultations. The "one open consultation per station" rule needs the store
/// (<paramref name="openAtStation"/> is what it found, and it enforces the rule again with a unique index).</summary>
public static class ConsultationRules
{
    public static Outcome<Consultation> Open(string id, Station station, string patientId, Consent consent, Consultation? openAtStation,
        Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(station);
        ArgumentNullException.ThrowIfNull(consent);
        ArgumentNullException.ThrowIfNull(actor);
        if (Identifiers.Check("consultation id", id) is { } bad)
        {
            return new Refusal(RefusalCode.InvalidInput, bad);
        }

        if (!actor.Practitioner.Has(ClinicalRoles.SiteOperator))
        {
            return new Refusal(RefusalCode.WrongRole, "a consultation is opened by a site operator");
        }

        if (!actor.Practitioner.WorksAt(station.SiteId))
        {
            return new Refusal(RefusalCode.OtherSite, $"station {station.Id} belongs to site {station.SiteId}, where {actor.Id} does not work");
        }

        if (consent.PatientId != patientId)
        {
            return new Refusal(RefusalCode.NotConsented, $"consent {consent.Id} is another patient's");
        }

        if (consent.IsWithdrawn)
        {
            return new Refusal(RefusalCode.ConsentWithdrawn, $"consent {consent.Id} was withdrawn");
        }

        if (openAtStation is not null)
        {
            return new Refusal(RefusalCode.StationBusy, $"station {station.Id} already has consultation {openAtStation.Id} open");
        }

        return new Consultation(id, station.SiteId, station.Id, patientId, consent.Id, actor.Id, now, null, null);
    }

    public static Outcome<Consultation> Close(Consultation consultation, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(consultation);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Practitioner.Has(ClinicalRoles.SiteOperator))
        {
            return new Refusal(RefusalCode.WrongRole, "a consultation is closed by a site operator");
        }

        if (!actor.Practitioner.WorksAt(consultation.SiteId))
        {
            return new Refusal(RefusalCode.OtherSite, $"consultation {consultation.Id} is at site {consultation.SiteId}");
        }

        return consultation.IsOpen
            ? consultation with { ClosedBy = actor.Id, ClosedAt = now }
            : new Refusal(RefusalCode.ConsultationClosed, $"consultation {consultation.Id} is already closed");
    }
}
