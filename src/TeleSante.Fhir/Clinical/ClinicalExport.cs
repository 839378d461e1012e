using TeleSante.Clinical.Consents;
using TeleSante.Clinical.Consultations;
using TeleSante.Clinical.Patients;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Reports;
using TeleSante.Clinical.Requests;

namespace TeleSante.Fhir.Clinical;

/// <summary>What is exported for one tele-expertise request (issue 11).</summary>
/// <param name="Request">The request, in its current state.</param>
/// <param name="Consultation">Its consultation; the consultation id is the session id of its readings.</param>
/// <param name="Patient">The patient: the INS goes out only through <see cref="Patient.ExportableIns"/>.</param>
/// <param name="Consent">The consultation's consent.</param>
/// <param name="Reports">The signed report versions, any order; the latest one is exported.</param>
/// <param name="Practitioners">The directory entries of the people named (requester, accepting specialist,
/// consent collector), by id; one missing is referred to by its id only.</param>
/// <param name="Events">The request's audited steps (for Task.lastModified); may be empty.</param>
/// <param name="Session">The attached readings and photographs, as the session export reads them.</param>
public sealed record ClinicalExport(
    TeleExpertiseRequest Request,
    Consultation Consultation,
    Patient Patient,
    Consent Consent,
    IReadOnlyList<Report> Reports,
    IReadOnlyDictionary<string, Practitioner> Practitioners,
    IReadOnlyList<RequestEvent> Events,
    SessionExport Session);
