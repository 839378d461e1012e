using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;
using TeleSante.Clinical.Consents;
using TeleSante.Clinical.Patients;
using TeleSante.Clinical.Practitioners;
using FhirPatient = Hl7.Fhir.Model.Patient;
using FhirPractitioner = Hl7.Fhir.Model.Practitioner;
using FhirConsent = Hl7.Fhir.Model.Consent;
using Patient = TeleSante.Clinical.Patients.Patient;
using Practitioner = TeleSante.Clinical.Practitioners.Practitioner;
using Consent = TeleSante.Clinical.Consents.Consent;

namespace TeleSante.Fhir.Clinical.Internal;

/// <summary>The people of a request: the patient as FR Core's Patient INS profile describes it, practitioners with
/// their RPPS, and the consent.</summary>
internal static class PartyResources
{
    /// <summary>
    /// The INS traits as FR Core's <c>fr-core-patient-ins</c> carries them: the official (birth) name with the
    /// first given name in <c>given</c> and every birth given name in the <c>birth-list-given-name</c> extension,
    /// gender, birth date, the birth place's INSEE code, the RNIV identity status. The INS itself is an identifier
    /// only when the identity is qualified (RNIV; FR Core defines the INS slices on that profile for that reason),
    /// with its authority's OID as system and FR Core's type code. The local id is always there (the PI slice).
    /// </summary>
    public static FhirPatient Patient(Patient patient)
    {
        var resource = new FhirPatient
        {
            Identifier =
            [
                new Identifier(ClinicalSystems.PatientIdentifier, patient.Id)
                {
                    Use = Identifier.IdentifierUse.Usual,
                    Type = new CodeableConcept(ClinicalSystems.V2IdentifierType, "PI", "Patient internal identifier"),
                },
            ],
            Gender = patient.Sex switch
            {
                Sex.Female => AdministrativeGender.Female,
                Sex.Male => AdministrativeGender.Male,
                // FR Core binds an INS identity's gender to male | female | unknown: INS sex "I" is unknown.
                _ => AdministrativeGender.Unknown,
            },
            BirthDate = patient.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };

        var officialName = new HumanName { Use = HumanName.NameUse.Official, Family = patient.BirthFamilyName, Given = [patient.FirstGivenName] };
        officialName.Extension.Add(new Extension(ClinicalSystems.BirthListGivenName, new FhirString(patient.BirthGivenNames)));
        resource.Name.Add(officialName);

        var birthPlace = new Address();
        birthPlace.Extension.Add(new Extension(ClinicalSystems.AddressInseeCode, new Coding(ClinicalSystems.InseeCommunes, patient.BirthPlaceCode)));
        resource.Extension.Add(new Extension(ClinicalSystems.PatientBirthPlace, birthPlace));

        var reliability = new Extension { Url = ClinicalSystems.IdentityReliability };
        reliability.Extension.Add(new Extension("identityStatus", new Coding(ClinicalSystems.IdentityStatus, patient.Status switch
        {
            IdentityStatus.Qualified => "QUAL",
            IdentityStatus.Validated => "VALI",
            IdentityStatus.Retrieved => "RECUP",
            _ => "PROV",
        })));
        resource.Extension.Add(reliability);

        // ExportableIns, never Ins: only a qualified identity leaves the system with its INS.
        if (patient.ExportableIns is { } ins)
        {
            var (type, use) = ins.Authority switch
            {
                InsAuthority.Nir => ("INS-NIR", Identifier.IdentifierUse.Official),
                InsAuthority.Nia => ("INS-NIA", Identifier.IdentifierUse.Temp), // FR Core: a NIA is a temporary identifier
                InsAuthority.NirTest => ("INS-NIR-TEST", Identifier.IdentifierUse.Official),
                InsAuthority.NirDemo => ("INS-NIR-DEMO", Identifier.IdentifierUse.Official),
                _ => throw new ArgumentOutOfRangeException(nameof(patient), ins.Authority, "unknown INS authority"),
            };
            resource.Identifier.Add(new Identifier("urn:oid:" + ins.Oid, ins.Reveal())
            {
                Use = use,
                Type = new CodeableConcept(ClinicalSystems.FrCoreIdentifierType, type),
            });
        }

        return resource;
    }

    /// <summary>A practitioner with FR Core's <c>rpps</c> identifier slice and our directory id.</summary>
    public static FhirPractitioner Practitioner(string id, string familyName, string givenName, Rpps? rpps)
    {
        var resource = new FhirPractitioner
        {
            Identifier = [new Identifier(ClinicalSystems.PractitionerIdentifier, id) { Use = Identifier.IdentifierUse.Usual }],
            // A FHIR string is never empty: an unknown given name is left out, not sent as "".
            Name = [new HumanName { Use = HumanName.NameUse.Usual, Family = familyName, Given = givenName.Length > 0 ? [givenName] : [] }],
        };
        if (rpps is { } number)
        {
            resource.Identifier.Insert(0, new Identifier(ClinicalSystems.Rpps, number.Value)
            {
                Use = Identifier.IdentifierUse.Official,
                Type = new CodeableConcept(ClinicalSystems.FrCoreIdentifierType, "RPPS", "N° RPPS"),
            });
        }

        return resource;
    }

    public static FhirPractitioner Practitioner(Practitioner practitioner) =>
        Practitioner(practitioner.Id, practitioner.FamilyName, practitioner.GivenName, practitioner.Rpps);

    /// <summary>
    /// The consent as R4's privacy consent (scope patient-privacy: what it governs here is who may receive the
    /// patient's data; category LOINC 59284-0 "Patient Consent"; policy rule v3 OPTIN, as the R4 examples). The
    /// patient grants it (performer, R4's "grantor"); the practitioner who collected it is the second performer,
    /// for the site that acts on it. One nested permit per agreed specialty (recipient: a specialist of it, for
    /// treatment), and one for the treating GP receiving the report, permit or deny as agreed. A withdrawn
    /// consent is inactive and its provision ends at the withdrawal.
    /// </summary>
    public static FhirConsent Consent(Consent consent, ResourceReference patient, ResourceReference? collector)
    {
        var withdrawn = consent.Withdrawal;
        var provision = new FhirConsent.provisionComponent
        {
            Type = FhirConsent.ConsentProvisionType.Permit,
            Period = new Period { Start = BundleEntries.Time(consent.CollectedAt), End = withdrawn is null ? null : BundleEntries.Time(withdrawn.At) },
        };
        foreach (var specialty in consent.Specialties)
        {
            provision.Provision.Add(new FhirConsent.provisionComponent
            {
                Type = FhirConsent.ConsentProvisionType.Permit,
                Actor = [Recipient(new ResourceReference { Display = $"{specialty} specialist (tele-expertise)" })],
                Purpose = [new Coding(ClinicalSystems.V3ActReason, "TREAT", "treatment")],
            });
        }

        provision.Provision.Add(new FhirConsent.provisionComponent
        {
            Type = consent.ShareReportWithTreatingGp ? FhirConsent.ConsentProvisionType.Permit : FhirConsent.ConsentProvisionType.Deny,
            Actor = [Recipient(new ResourceReference { Display = consent.TreatingGp is { Length: > 0 } gp ? $"treating GP: {gp}" : "treating GP" })],
            Purpose = [new Coding(ClinicalSystems.V3ActReason, "TREAT", "treatment")],
            Class = [new Coding(ClinicalSystems.ResourceTypes, "DiagnosticReport")],
        });

        var resource = new FhirConsent
        {
            Identifier = [new Identifier(ClinicalSystems.ConsentIdentifier, consent.Id)],
            Status = withdrawn is null ? FhirConsent.ConsentState.Active : FhirConsent.ConsentState.Inactive,
            Scope = new CodeableConcept(ClinicalSystems.ConsentScope, "patient-privacy", "Privacy Consent"),
            Category = [new CodeableConcept(FhirSystems.Loinc, "59284-0", "Patient Consent")],
            Patient = patient,
            DateTime = BundleEntries.Time(consent.CollectedAt),
            Performer = collector is null ? [(ResourceReference)patient.DeepCopy()] : [(ResourceReference)patient.DeepCopy(), collector],
            // What the patient was told, as the source the consent was recorded from.
            Source = new Attachment
            {
                ContentType = "text/plain; charset=utf-8",
                Data = Encoding.UTF8.GetBytes(consent.InformationGiven),
                Title = "Information given to the patient",
            },
            PolicyRule = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", "opt-in"),
            Provision = provision,
        };
        return resource;
    }

    private static FhirConsent.provisionActorComponent Recipient(ResourceReference who) => new()
    {
        Role = new CodeableConcept(ClinicalSystems.V3ParticipationType, "PRCP", "primary information recipient"),
        Reference = who,
    };
}
