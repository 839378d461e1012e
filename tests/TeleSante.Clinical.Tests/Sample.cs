using TeleSante.Clinical.Consents;
using TeleSante.Clinical.Consultations;
using TeleSante.Clinical.Patients;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Reports;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Sites;

namespace TeleSante.Clinical.Tests;

/// <summary>The people and places of the tests: a pharmacy with a cabin, its pharmacist (site operator and
/// requester), two cardiologists, a dermatologist, an administrator, a patient with a qualified test identity.</summary>
internal static class Sample
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static Cpts Cpts { get; } = new("cpts-lot", "CPTS du Lot");

    public static Site Pharmacy { get; } = new("pharma-1", "Pharmacie du Marché", SiteKind.Pharmacy, Cpts.Id);

    public static Site OtherSite { get; } = new("msp-2", "MSP des Causses", SiteKind.Msp, Cpts.Id);

    public static Station Cabin { get; } = new("cabin-1", Pharmacy.Id, "Cabine 1", StationKind.Cabin, ["ecg-1", "bp-1"]);

    public static Practitioner Pharmacist { get; } = Person("pharm-anne", "Martin", "Anne", "1000357989", "pharmacist", null,
        ClinicalRoles.SiteOperator | ClinicalRoles.Requester, Pharmacy.Id);

    public static Practitioner OtherPharmacist { get; } = Person("pharm-bob", "Durand", "Bob", "1001234567", "pharmacist", null,
        ClinicalRoles.SiteOperator | ClinicalRoles.Requester, Pharmacy.Id);

    public static Practitioner Nurse { get; } = Person("nurse-eve", "Petit", "Eve", "1002000000", "nurse", null,
        ClinicalRoles.SiteOperator | ClinicalRoles.Requester, OtherSite.Id);

    public static Practitioner Cardiologist { get; } = Person("cardio-claire", "Bernard", "Claire", "8100001234", "physician", "cardiology", ClinicalRoles.Specialist);

    public static Practitioner OtherCardiologist { get; } = Person("cardio-david", "Moreau", "David", "8100005678", "physician", "cardiology", ClinicalRoles.Specialist);

    public static Practitioner Dermatologist { get; } = Person("derm-fanny", "Roux", "Fanny", "8100009999", "physician", "dermatology", ClinicalRoles.Specialist);

    public static Practitioner Administrator { get; } = Person("admin-gus", "Lefebvre", "Gus", "8100004444", "administrator", null, ClinicalRoles.Administrator);

    public static Practitioner Grader { get; } = Person("grader-hana", "Garcia", "Hana", "8100006666", "orthoptist", "ophthalmology", ClinicalRoles.Grader);

    public static Practitioner OtherGrader { get; } = Person("grader-ivo", "Blanc", "Ivo", "8100007777", "orthoptist", "ophthalmology", ClinicalRoles.Grader);

    public static Practitioner Arbiter { get; } = Person("ophtha-jade", "Faure", "Jade", "8100008888", "physician", "ophthalmology",
        ClinicalRoles.Grader | ClinicalRoles.ArbitrationGrader);

    public static Ins TestIns { get; } = Ins.TryCreate("279035121518989", InsAuthority.NirTest, out var ins, out _) ? ins : throw new InvalidOperationException();

    public static Patient ThePatient { get; } = Patient.Create("pat-1", TestIns, "PAT-TROIS", "DOMINIQUE", "DOMINIQUE", new DateOnly(1979, 3, 28), Sex.Female,
        "63220", identityDocumentChecked: true).Value;

    public static Actor As(Practitioner practitioner) => new(practitioner, "10.0.0.7");

    public static Consent Consent(bool withdrawn = false) => new("consent-1", ThePatient.Id, "Tele-expertise by a cardiologist; report to Dr Weber",
        ["cardiology"], true, "Dr Weber", Pharmacist.Id, T0,
        withdrawn ? new ConsentWithdrawal(Pharmacist.Id, T0.AddMinutes(30), "changed her mind") : null);

    public static Consultation OpenConsultation { get; } = new("consult-1", Pharmacy.Id, Cabin.Id, ThePatient.Id, "consent-1", Pharmacist.Id, T0, null, null);

    public static Consultation ClosedConsultation { get; } = OpenConsultation with { ClosedBy = Pharmacist.Id, ClosedAt = T0.AddMinutes(20) };

    public static NewRequest EcgRequest(string id = "req-1", Priority priority = Priority.SemiUrgent, string specialty = "cardiology") =>
        new(id, RequestKind.EcgInterpretation, specialty, "Palpitations since yesterday: rhythm?", "62 y, hypertensive, on bisoprolol",
            new AttachedData([new RecordingRange("ecg-1", T0.AddMinutes(5), T0.AddMinutes(5).AddSeconds(30))], [], []), priority);

    public static EcgFindings Findings(string conclusion = "Sinus rhythm, no acute abnormality") =>
        new("sinus", 72, 160, 90, 380, 410, 30, conclusion, FollowUpUrgency.Routine, null);

    private static Practitioner Person(string id, string family, string given, string rppsTenDigits, string profession, string? specialty,
        ClinicalRoles roles, params string[] sites) =>
        new(id, family, given, Rpps.Parse(rppsTenDigits + Rpps.CheckDigit(rppsTenDigits)), profession, specialty, roles, sites);
}
