using System.Globalization;

namespace TeleSante.FirmwareSim.Clinical;

/// <summary>
/// An obviously fictitious patient for simulated consultations, the same for the same seed: INS traits (birth
/// names, first given name, birth date, sex, INSEE birth place code, including Corsica's 2A/2B) and a test INS
/// (<see cref="TestIns"/>). The INS goes to the gateway and nowhere else: <see cref="ToString"/> leaves it out,
/// and the simulator never prints it (issue 11: the INS never appears in logs).
/// </summary>
public sealed class SyntheticPatient
{
    private static readonly string[] FamilyNames = ["FICTIF", "EXEMPLE", "ESSAI", "DEMONSTRATION", "SIMULE", "MAQUETTE", "PROTOTYPE", "MODELE"];
    private static readonly string[] FemaleNames = ["Alice", "Camille", "Jeanne", "Louise", "Marthe", "Odile"];
    private static readonly string[] MaleNames = ["Bruno", "Hugo", "Jules", "Paul", "Marcel", "Octave"];

    // Lyon, Paris, Marseille, Bordeaux, Lille, Toulouse, Ajaccio (2A), Bastia (2B).
    private static readonly string[] BirthPlaces = ["69123", "75056", "13055", "33063", "59350", "31555", "2A004", "2B033"];

    private SyntheticPatient(string id, string familyName, string givenNames, DateOnly birthDate, bool male, string birthPlaceCode, string ins)
    {
        Id = id;
        BirthFamilyName = familyName;
        BirthGivenNames = givenNames;
        FirstGivenName = givenNames.Split(' ')[0];
        BirthDate = birthDate;
        Sex = male ? "Male" : "Female";
        BirthPlaceCode = birthPlaceCode;
        Ins = ins;
    }

    public string Id { get; }

    public string BirthFamilyName { get; }

    /// <summary>All birth given names, space separated; the first is <see cref="FirstGivenName"/>.</summary>
    public string BirthGivenNames { get; }

    public string FirstGivenName { get; }

    public DateOnly BirthDate { get; }

    /// <summary>Female or Male, as the gateway's API names them.</summary>
    public string Sex { get; }

    public string BirthPlaceCode { get; }

    /// <summary>The 15-character test INS. Sent to the gateway only; never printed.</summary>
    public string Ins { get; }

    /// <summary>The patient of <paramref name="seed"/>; <paramref name="id"/> defaults to "sim-patient-{seed}".</summary>
    public static SyntheticPatient Create(int seed, string? id = null)
    {
        var random = new Random(seed);
        var male = random.Next(2) == 0;
        var names = male ? MaleNames : FemaleNames;
        var first = names[random.Next(names.Length)];
        var second = names[random.Next(names.Length)];
        var givenNames = second == first ? first : $"{first} {second}";
        var birthDate = new DateOnly(1935, 1, 1).AddDays(random.Next(365 * 70));
        var place = BirthPlaces[random.Next(BirthPlaces.Length)];
        var ins = TestIns.Create(male, birthDate, place, random.Next(1, 1000));
        return new SyntheticPatient(id ?? string.Create(CultureInfo.InvariantCulture, $"sim-patient-{seed}"),
            FamilyNames[random.Next(FamilyNames.Length)], givenNames, birthDate, male, place, ins);
    }

    /// <summary>Without the INS, on purpose.</summary>
    public override string ToString() => $"{Id} ({FirstGivenName} {BirthFamilyName}, {BirthDate:yyyy-MM-dd}, {Sex})";
}
