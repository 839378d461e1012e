using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace TeleSante.Clinical.Patients;

/// <summary>
/// A patient's national health identity (INS): a 13-character matricule (NIR or NIA), its 2-digit key and the
/// OID of its authority. key = 97 − (matricule mod 97), where the Corsican départements 2A and 2B count as
/// 19 and 18 (INSEE, NIR key rule; ANS Référentiel INS). The value is deliberately hard to leak: no public
/// property carries it, <see cref="ToString"/> and the debugger show it redacted, so logging, interpolating
/// or serialising an <see cref="Ins"/> by accident prints nothing identifying (issue 11: never in logs,
/// metrics or dead letters). Code that must send it (the store, FHIR export of a qualified identity) calls
/// <see cref="Reveal"/>.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class Ins : IEquatable<Ins>
{
    public const int Length = 15;
    public const string NirOid = "1.2.250.1.213.1.4.8";
    public const string NiaOid = "1.2.250.1.213.1.4.9";
    public const string NirTestOid = "1.2.250.1.213.1.4.10";
    public const string NirDemoOid = "1.2.250.1.213.1.4.11";

    private readonly string _value;

    private Ins(string value, InsAuthority authority)
    {
        _value = value;
        Authority = authority;
    }

    public InsAuthority Authority { get; }

    /// <summary>The OID of <see cref="Authority"/>, e.g. 1.2.250.1.213.1.4.8.</summary>
    public string Oid => OidOf(Authority);

    /// <summary>Checks length, alphabet (digits, 2A/2B in the département) and key. Spaces are ignored, as printed
    /// on a Vitale card ("2 84 05 88 321 025 30").</summary>
    public static bool TryCreate(string? text, InsAuthority authority, [NotNullWhen(true)] out Ins? ins, [NotNullWhen(false)] out string? error)
    {
        ins = null;
        if (!Enum.IsDefined(authority))
        {
            error = "unknown INS authority";
            return false;
        }

        var compact = text?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (compact is null || compact.Length != Length)
        {
            error = $"an INS is {Length} characters: a 13-character matricule and a 2-digit key";
            return false;
        }

        if (!TryComputeKey(compact.AsSpan(0, 13), out var expected))
        {
            error = "the matricule is 13 digits (the département may be 2A or 2B)";
            return false;
        }

        if (!char.IsAsciiDigit(compact[13]) || !char.IsAsciiDigit(compact[14]) || int.Parse(compact.AsSpan(13, 2)) != expected)
        {
            // The expected key is not given: it would help guess a mistyped matricule into someone else's.
            error = "the INS key does not match the matricule";
            return false;
        }

        ins = new Ins(compact, authority);
        error = null;
        return true;
    }

    /// <summary>Like <see cref="TryCreate"/> with the authority given by its OID.</summary>
    public static bool TryCreate(string? text, string? oid, [NotNullWhen(true)] out Ins? ins, [NotNullWhen(false)] out string? error)
    {
        if (AuthorityOf(oid) is not { } authority)
        {
            ins = null;
            error = $"'{oid}' is not an INS OID ({NirOid}, {NiaOid}, {NirTestOid}, {NirDemoOid})";
            return false;
        }

        return TryCreate(text, authority, out ins, out error);
    }

    /// <summary>key = 97 − (matricule mod 97), 2A → 19 and 2B → 18 at positions 6–7. False when the matricule
    /// is not 13 digits (with that one exception).</summary>
    public static bool TryComputeKey(ReadOnlySpan<char> matricule, out int key)
    {
        key = 0;
        if (matricule.Length != 13)
        {
            return false;
        }

        long number = 0;
        for (var i = 0; i < 13; i++)
        {
            var c = matricule[i];
            int digit;
            if (char.IsAsciiDigit(c))
            {
                digit = c - '0';
            }
            else if (i == 6 && matricule[5] == '2' && c is 'A' or 'a')
            {
                number = ((number - 2) * 10) + 19; // "2A" counts as "19"
                continue;
            }
            else if (i == 6 && matricule[5] == '2' && c is 'B' or 'b')
            {
                number = ((number - 2) * 10) + 18; // "2B" counts as "18"
                continue;
            }
            else
            {
                return false;
            }

            number = number * 10 + digit;
        }

        key = (int)(97 - number % 97);
        return true;
    }

    public static string OidOf(InsAuthority authority) => authority switch
    {
        InsAuthority.Nir => NirOid,
        InsAuthority.Nia => NiaOid,
        InsAuthority.NirTest => NirTestOid,
        InsAuthority.NirDemo => NirDemoOid,
        _ => throw new ArgumentOutOfRangeException(nameof(authority)),
    };

    public static InsAuthority? AuthorityOf(string? oid) => oid switch
    {
        NirOid => InsAuthority.Nir,
        NiaOid => InsAuthority.Nia,
        NirTestOid => InsAuthority.NirTest,
        NirDemoOid => InsAuthority.NirDemo,
        _ => null,
    };

    /// <summary>The 15 characters. Call only to store the identity or to send it where it is allowed to go
    /// (a qualified identity: <see cref="Patient.ExportableIns"/>).</summary>
    public string Reveal() => _value;

    /// <summary>Redacted on purpose: "INS(NIR, ***)".</summary>
    public override string ToString() => $"INS({Authority}, ***)";

    public bool Equals(Ins? other) => other is not null && other._value == _value && other.Authority == Authority;

    public override bool Equals(object? obj) => Equals(obj as Ins);

    public override int GetHashCode() => HashCode.Combine(_value, Authority);
}
