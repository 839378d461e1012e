using System.Diagnostics.CodeAnalysis;

namespace TeleSante.Clinical.Practitioners;

/// <summary>
/// A practitioner's RPPS number: 11 digits, the last a Luhn check digit over the first ten. Source: ANS,
/// "FAQ des industriels" (industriels.esante.gouv.fr), table of identifiers: "11 caractères numériques
/// (le dernier étant la clé de Luhn) non significatifs". The Luhn check runs over the whole 11 digits
/// (ISO/IEC 7812-1 annex B: doubling every second digit from the right, sum multiple of 10).
/// </summary>
public readonly record struct Rpps
{
    public const int Length = 11;

    private Rpps(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? text, [NotNullWhen(true)] out Rpps? rpps, [NotNullWhen(false)] out string? error)
    {
        rpps = null;
        if (text is null || text.Length != Length || !text.All(char.IsAsciiDigit))
        {
            error = $"an RPPS number is {Length} digits";
            return false;
        }

        if (!LuhnIsValid(text))
        {
            error = "the RPPS check digit (Luhn) does not match";
            return false;
        }

        rpps = new Rpps(text);
        error = null;
        return true;
    }

    public static Rpps Parse(string text)
        => TryParse(text, out var rpps, out var error) ? rpps.Value : throw new FormatException(error);

    /// <summary>The check digit that completes ten digits into a valid number (for test data).</summary>
    public static char CheckDigit(string tenDigits)
    {
        ArgumentNullException.ThrowIfNull(tenDigits);
        for (var d = '0'; d <= '9'; d++)
        {
            if (LuhnIsValid(tenDigits + d))
            {
                return d;
            }
        }

        throw new FormatException("ten digits expected");
    }

    public override string ToString() => Value;

    private static bool LuhnIsValid(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (digit is < 0 or > 9)
            {
                return false;
            }

            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }
}
