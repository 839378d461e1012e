using TeleSante.Domain.Validation;

namespace TeleSante.Clinical.Patients;

/// <summary>
/// A patient: the INS traits (birth family name, birth given names, first given name, birth date, sex, birth
/// place code) and, when retrieved from INSi, the INS. The status is derived (<see cref="IdentityStatus"/>),
/// so no code can call an identity qualified without both facts. <see cref="ToString"/> carries no INS.
/// </summary>
public sealed record Patient
{
    private Patient(string id, Ins? ins, string birthFamilyName, string birthGivenNames, string firstGivenName,
        DateOnly birthDate, Sex sex, string birthPlaceCode, bool identityDocumentChecked)
    {
        Id = id;
        Ins = ins;
        BirthFamilyName = birthFamilyName;
        BirthGivenNames = birthGivenNames;
        FirstGivenName = firstGivenName;
        BirthDate = birthDate;
        Sex = sex;
        BirthPlaceCode = birthPlaceCode;
        IdentityDocumentChecked = identityDocumentChecked;
    }

    public string Id { get; }

    /// <summary>The INS as INSi returned it; null when not retrieved. Redacted when printed.</summary>
    public Ins? Ins { get; }

    public string BirthFamilyName { get; }

    /// <summary>All birth given names, space separated, as on the civil record.</summary>
    public string BirthGivenNames { get; }

    public string FirstGivenName { get; }

    public DateOnly BirthDate { get; }

    public Sex Sex { get; }

    /// <summary>INSEE code of the birth commune (5 characters, 2A/2B allowed) or 99xxx for a country abroad.</summary>
    public string BirthPlaceCode { get; }

    /// <summary>The identity was checked against an identity document at the site.</summary>
    public bool IdentityDocumentChecked { get; }

    public IdentityStatus Status => (Ins is not null, IdentityDocumentChecked) switch
    {
        (true, true) => IdentityStatus.Qualified,
        (true, false) => IdentityStatus.Retrieved,
        (false, true) => IdentityStatus.Validated,
        _ => IdentityStatus.Provisional,
    };

    /// <summary>The INS when it may leave the system (qualified identity), otherwise null: FHIR export,
    /// reports and anything sent outside use this, never <see cref="Ins"/>.</summary>
    public Ins? ExportableIns => Status == IdentityStatus.Qualified ? Ins : null;

    public static Outcome<Patient> Create(string id, Ins? ins, string birthFamilyName, string birthGivenNames,
        string firstGivenName, DateOnly birthDate, Sex sex, string birthPlaceCode, bool identityDocumentChecked)
    {
        if (Identifiers.Check("patient id", id) is { } badId)
        {
            return new Refusal(RefusalCode.InvalidInput, badId);
        }

        if (string.IsNullOrWhiteSpace(birthFamilyName) || string.IsNullOrWhiteSpace(birthGivenNames) || string.IsNullOrWhiteSpace(firstGivenName))
        {
            return new Refusal(RefusalCode.InvalidInput, "birth family name, birth given names and first given name are required");
        }

        if (!birthGivenNames.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(firstGivenName.Trim(), StringComparer.Ordinal))
        {
            return new Refusal(RefusalCode.InvalidInput, "the first given name must be one of the birth given names");
        }

        if (!Enum.IsDefined(sex))
        {
            return new Refusal(RefusalCode.InvalidInput, "unknown sex");
        }

        if (birthPlaceCode is not { Length: 5 } || !birthPlaceCode.All(c => char.IsAsciiDigit(c) || c is 'A' or 'B'))
        {
            return new Refusal(RefusalCode.InvalidInput, "the birth place code is a 5-character INSEE code (99xxx abroad)");
        }

        return new Patient(id, ins, birthFamilyName.Trim(), birthGivenNames.Trim(), firstGivenName.Trim(), birthDate, sex,
            birthPlaceCode, identityDocumentChecked);
    }

    public override string ToString() => $"Patient {Id} ({Status})";
}
