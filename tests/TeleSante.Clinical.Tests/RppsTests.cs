using TeleSante.Clinical.Practitioners;

namespace TeleSante.Clinical.Tests;

public sealed class RppsTests
{
    [Theory]
    [InlineData("10003579892")]
    [InlineData("81000012344")]
    [InlineData("10012345673")]
    public void Eleven_digits_with_a_valid_luhn_check_digit_are_accepted(string text)
    {
        Rpps.TryParse(text, out var rpps, out var error).Should().BeTrue(error);
        rpps!.Value.Value.Should().Be(text);
    }

    [Theory]
    [InlineData("10003579893")] // last digit changed
    [InlineData("10003579829")] // two digits swapped
    [InlineData("10002673899")] // the fictitious RPPS of ANS's SAS implementation guide examples: not Luhn-valid
    public void A_wrong_check_digit_is_refused(string text)
    {
        Rpps.TryParse(text, out _, out var error).Should().BeFalse();
        error.Should().Contain("Luhn");
    }

    [Theory]
    [InlineData("1000357989")]
    [InlineData("100035798920")]
    [InlineData("1000357989A")]
    [InlineData(" 0003579892")]
    [InlineData(null)]
    public void Anything_but_eleven_digits_is_refused(string? text)
    {
        Rpps.TryParse(text, out _, out var error).Should().BeFalse();
        error.Should().Contain("11 digits");
    }

    [Fact]
    public void Check_digit_completes_ten_digits()
    {
        Rpps.CheckDigit("1000357989").Should().Be('2');
        Rpps.Parse("1000357989" + Rpps.CheckDigit("1000357989")).Value.Should().Be("10003579892");
    }
}
