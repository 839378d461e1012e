using TeleSante.Clinical.Consents;
using TeleSante.Clinical.Consultations;
using TeleSante.Clinical.Reports;
using TeleSante.Clinical.Requests;

namespace TeleSante.Clinical.Store.Internal;

/// <summary>What a request step is decided on, read in the step's transaction.</summary>
internal sealed record RequestContext(TeleExpertiseRequest Request, Consultation Consultation, Consent Consent, Report? LatestReport);
