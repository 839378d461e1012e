using System.Globalization;

namespace TeleSante.FirmwareSim.Clinical;

/// <summary>
/// INS numbers for synthetic patients, under the TEST authority (OID 1.2.250.1.213.1.4.10, INS-NIR-TEST: never a
/// real person). The matricule follows the NIR layout (sex, year and month of birth, département and commune of
/// birth, order number: 13 characters) and the key is 97 − (matricule mod 97), with the Corsican départements
/// 2A and 2B counted as 19 and 18 (INSEE NIR key rule, ANS Référentiel INS). Written here independently of the
/// gateway's own check, so a test that the gateway accepts these numbers checks both.
/// </summary>
public static class TestIns
{
    /// <summary>The INS-NIR-TEST authority (FHIR FR Core INS slices).</summary>
    public const string Oid = "1.2.250.1.213.1.4.10";

    /// <summary>The 15 characters: matricule and key. <paramref name="birthPlaceCode"/> is the 5-character INSEE code
    /// of the birth commune (2A/2B allowed), <paramref name="order"/> the birth order number in the commune, 1..999.</summary>
    public static string Create(bool male, DateOnly birthDate, string birthPlaceCode, int order)
    {
        ArgumentNullException.ThrowIfNull(birthPlaceCode);
        if (birthPlaceCode.Length != 5 || order is < 1 or > 999)
        {
            throw new ArgumentException("a 5-character birth place code and an order number 1..999");
        }

        var matricule = string.Create(CultureInfo.InvariantCulture, $"{(male ? 1 : 2)}{birthDate.Year % 100:00}{birthDate.Month:00}{birthPlaceCode}{order:000}");
        return matricule + Key(matricule).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>97 − (matricule mod 97); "2A" and "2B" in the département (characters 6–7) count as "19" and "18".</summary>
    public static int Key(string matricule)
    {
        ArgumentNullException.ThrowIfNull(matricule);
        if (matricule.Length != 13)
        {
            throw new ArgumentException("a matricule is 13 characters", nameof(matricule));
        }

        var digits = matricule.Substring(5, 2) switch
        {
            "2A" => string.Concat(matricule.AsSpan(0, 5), "19", matricule.AsSpan(7)),
            "2B" => string.Concat(matricule.AsSpan(0, 5), "18", matricule.AsSpan(7)),
            _ => matricule,
        };
        if (!digits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("a matricule is digits (2A or 2B allowed in the département)", nameof(matricule));
        }

        return (int)(97 - (long.Parse(digits, CultureInfo.InvariantCulture) % 97));
    }
}
