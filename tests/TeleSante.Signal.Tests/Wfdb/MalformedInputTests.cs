using TeleSante.Signal.Tests.Support;
using TeleSante.Signal.Wfdb;

namespace TeleSante.Signal.Tests.Wfdb;

/// <summary>Bad records fail loudly with a message naming the file and the fault, never with wrong samples.</summary>
public sealed class MalformedInputTests
{
    [Fact]
    public void A_truncated_signal_file_is_reported_with_expected_and_actual_sizes()
    {
        using var dir = CopyOfRecord100(data => data[..^3]);

        var read = () => WfdbRecord.Open(dir.Path, "100");

        read.Should().Throw<WfdbFormatException>()
            .Which.Message.Should().Contain("100.dat").And.Contain("truncated").And.Contain("1950000").And.Contain("1949997");
    }

    [Fact]
    public void A_signal_file_longer_than_the_header_says_is_reported()
    {
        using var dir = CopyOfRecord100(data => [.. data, 0, 0, 0]);

        var read = () => WfdbRecord.Open(dir.Path, "100");

        read.Should().Throw<WfdbFormatException>().WithMessage("*100.dat*longer than the header says*");
    }

    [Fact]
    public void A_corrupted_sample_is_caught_by_the_checksum()
    {
        using var dir = CopyOfRecord100(data =>
        {
            data[300_000] ^= 0x01; // MLII of frame 100000 changes by one
            return data;
        });

        var read = () => WfdbRecord.Open(dir.Path, "100");

        read.Should().Throw<WfdbFormatException>()
            .Which.Message.Should().Contain("100.hea").And.Contain("MLII").And.Contain("checksum").And.Contain("-22131");
    }

    [Fact]
    public void An_undefined_signal_format_is_reported_with_its_line()
    {
        var parse = () => WfdbHeader.Parse("# c\n100 2 360 650000\n100.dat 999 200 11 1024 995 -22131 0 MLII\n", "100.hea");

        parse.Should().Throw<WfdbFormatException>()
            .Where(e => e.LineNumber == 3 && e.FilePath == "100.hea")
            .WithMessage("100.hea line 3: *format 999*");
    }

    [Fact]
    public void A_defined_but_unsupported_format_is_refused_when_reading_samples()
    {
        using var dir = new TempDirectory();
        dir.Write("r.dat", new byte[12]);
        var header = dir.Write("r.hea", "r 1 250 8\nr.dat 310\n");

        var read = () => WfdbRecord.Read(header);

        read.Should().Throw<WfdbFormatException>().WithMessage("*r.hea*format 310*decodes formats 16, 61, 80, 212*");
    }

    [Theory]
    [InlineData("100\n", "*line 1*lacks the number of signals*")]
    [InlineData("100 2 360 650000\n100.dat\n100.dat 212\n", "*line 2*signal 0*lacks the format field*")]
    [InlineData("100 2 360 650000\n100.dat 212 200 11 1024 995 -22131 0 MLII\n", "*declares 2 signal(s) but only 1*")]
    [InlineData("100 2 360 650000\n100.dat 212 abc\n100.dat 212\n", "*line 2*ADC gain 'abc' is not a number*")]
    [InlineData("100 2 fast\n", "*line 1*sampling frequency 'fast' is not a number*")]
    [InlineData("100 x 360\n", "*number of signals 'x' is not an integer*")]
    [InlineData("100 1 360 10\n100.dat 212 200 12 0 0 70000\n", "*checksum 70000 does not fit*")]
    [InlineData("100/3 2 360 650000\n", "*multi-segment*")]
    [InlineData("# only a comment\n", "*no record line*")]
    [InlineData("100 1\n100.dat 16\n100.dat 16\n", "*line 3*declares 1 signal(s)*")]
    [InlineData("100 1 360 10 12:00:00 31/02/2020\n100.dat 16\n", "*base date '31/02/2020'*")]
    public void A_malformed_header_names_the_line_and_the_fault(string text, string message)
    {
        var parse = () => WfdbHeader.Parse(text, "100.hea");

        parse.Should().Throw<WfdbFormatException>().WithMessage(message);
    }

    [Fact]
    public void A_missing_signal_file_is_reported()
    {
        using var dir = new TempDirectory();
        var header = dir.Write("gone.hea", "gone 1 250 10\ngone.dat 16\n");

        var read = () => WfdbRecord.Read(header);

        read.Should().Throw<WfdbFormatException>().WithMessage("*gone.dat*does not exist*");
    }

    [Fact]
    public void A_skewed_signal_is_refused_rather_than_misaligned()
    {
        using var dir = new TempDirectory();
        dir.Write("sk.dat", new byte[8]);
        var header = dir.Write("sk.hea", "sk 2 250 2\nsk.dat 16\nsk.dat 16:1\n");

        var read = () => WfdbRecord.Read(header);

        read.Should().Throw<WfdbFormatException>().WithMessage("*skew of 1*not supported*");
    }

    [Fact]
    public void Signal_files_of_one_record_that_disagree_on_length_are_reported()
    {
        using var dir = new TempDirectory();
        dir.Write("a.dat", new byte[8]);
        dir.Write("b.dat", new byte[6]);
        var header = dir.Write("ab.hea", "ab 2 250\na.dat 16\nb.dat 16\n");

        var read = () => WfdbRecord.Read(header);

        read.Should().Throw<WfdbFormatException>().WithMessage("*b.dat*3 frames*a.dat*4*");
    }

    private static TempDirectory CopyOfRecord100(Func<byte[], byte[]> change)
    {
        var dir = new TempDirectory();
        File.Copy(TestData.File("100.hea"), dir.File("100.hea"));
        dir.Write("100.dat", change(File.ReadAllBytes(TestData.File("100.dat"))));
        return dir;
    }
}
