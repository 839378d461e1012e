using System.Text.Json;
using TeleSante.Clinical.Patients;

namespace TeleSante.Clinical.Tests;

public sealed class InsTests
{
    [Theory]
    // Wikipedia's NIR examples (key = 97 − (number mod 97)).
    [InlineData("2550814168025", 38)]
    [InlineData("1841276451089", 46)]
    // A test identity of the ANS INSi test platform (OID 1.2.250.1.213.1.4.10), as in the CI-SIS HL7 samples.
    [InlineData("2790351215189", 89)]
    // Corsica: 2A counts as 19, 2B as 18 (same key as the number written with 19 / 18).
    [InlineData("185012A004123", 89)]
    [InlineData("1850119004123", 89)]
    [InlineData("269052B051007", 8)]
    public void Key_is_97_minus_the_matricule_mod_97(string matricule, int key)
    {
        Ins.TryComputeKey(matricule, out var computed).Should().BeTrue();
        computed.Should().Be(key);
    }

    [Fact]
    public void Corsican_key_differs_from_treating_the_letter_as_zero()
    {
        // Guards the 2A/2B rule itself: reading "2A" as "20" would give another key.
        Ins.TryComputeKey("185012A004123", out var corsica).Should().BeTrue();
        Ins.TryComputeKey("1850120004123", out var asZero).Should().BeTrue();
        corsica.Should().NotBe(asZero);
    }

    [Theory]
    [InlineData("255081416802538", InsAuthority.Nir)]
    [InlineData("2 55 08 14 168 025 38", InsAuthority.Nir)]
    [InlineData("185012A00412389", InsAuthority.Nir)]
    [InlineData("185012a00412389", InsAuthority.Nir)]
    [InlineData("269052B05100708", InsAuthority.Nir)]
    [InlineData("279035121518989", InsAuthority.NirTest)]
    public void A_matricule_with_its_key_is_accepted(string text, InsAuthority authority)
    {
        Ins.TryCreate(text, authority, out var ins, out var error).Should().BeTrue(error);
        ins!.Authority.Should().Be(authority);
        ins.Reveal().Should().HaveLength(15).And.NotContain(" ");
    }

    [Theory]
    [InlineData("255081416802539", "key")]
    [InlineData("255081416802583", "key")]
    [InlineData("185012A00412388", "key")]
    [InlineData("185012B00412389", "key")]
    [InlineData("26905AB05100708", "matricule")]
    [InlineData("2550814168025", "15 characters")]
    [InlineData("2550814168025380", "15 characters")]
    [InlineData("25508141680X538", "matricule")]
    [InlineData("2550814168025X8", "key")]
    [InlineData("", "15 characters")]
    [InlineData(null, "15 characters")]
    public void A_bad_matricule_or_key_is_refused_with_a_reason(string? text, string reason)
    {
        Ins.TryCreate(text, InsAuthority.Nir, out var ins, out var error).Should().BeFalse();
        ins.Should().BeNull();
        error.Should().Contain(reason);
    }

    [Theory]
    [InlineData("1.2.250.1.213.1.4.8", InsAuthority.Nir)]
    [InlineData("1.2.250.1.213.1.4.9", InsAuthority.Nia)]
    [InlineData("1.2.250.1.213.1.4.10", InsAuthority.NirTest)]
    [InlineData("1.2.250.1.213.1.4.11", InsAuthority.NirDemo)]
    public void Each_authority_has_its_oid(string oid, InsAuthority authority)
    {
        Ins.AuthorityOf(oid).Should().Be(authority);
        Ins.OidOf(authority).Should().Be(oid);
        Ins.TryCreate("255081416802538", oid, out var ins, out _).Should().BeTrue();
        ins!.Oid.Should().Be(oid);
    }

    [Fact]
    public void An_unknown_oid_is_refused()
    {
        Ins.TryCreate("255081416802538", "1.2.250.1.213.1.4.2", out _, out var error).Should().BeFalse();
        error.Should().Contain("not an INS OID");
    }

    [Fact]
    public void Printing_interpolating_or_serialising_an_ins_never_shows_it()
    {
        Ins.TryCreate("255081416802538", InsAuthority.Nir, out var ins, out _).Should().BeTrue();

        ins!.ToString().Should().Be("INS(Nir, ***)");
        $"patient {ins}".Should().NotContain("2550814168025");
        JsonSerializer.Serialize(ins).Should().NotContain("2550814168025").And.Contain("1.2.250.1.213.1.4.8");
        string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}", ins).Should().NotContain("255081");
    }

    [Fact]
    public void Two_ins_are_equal_by_value_and_authority()
    {
        Ins.TryCreate("255081416802538", InsAuthority.Nir, out var a, out _);
        Ins.TryCreate("2 55 08 14 168 025 38", InsAuthority.Nir, out var b, out _);
        Ins.TryCreate("255081416802538", InsAuthority.NirTest, out var c, out _);

        a.Should().Be(b);
        a.Should().NotBe(c);
    }
}
