using System.Diagnostics;
using TeleSante.Analysis.Tests.Support;

namespace TeleSante.Analysis.Tests;

/// <summary>telesante-ecg run as its own process, as a user runs it.</summary>
public sealed class ToolTests
{
    [Fact]
    public async Task Bxb_prints_the_counts_the_percentages_and_the_class_matrix()
    {
        var (code, output, _) = await Run("bxb", "--record", Path.Combine(TestData.EcgDirectory, "100"), "--annotator", "atr", "--lead", "1");

        code.Should().Be(0);
        output.Should().Contain("detector: TeleSante QRS detector on lead 1 (V5)")
            .And.Contain("scored from 300 s: TP 1902  FN 0  FP 0")
            .And.Contain("QRS Se 100.00 %  +P 100.00 %");
        var matrix = output.Split('\n').SkipWhile(l => !l.StartsWith("beat classes", StringComparison.Ordinal)).Skip(1).ToList();
        matrix[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Should().Equal("Unknown", "N", "S", "V", "F", "Q", "-");
        matrix.Should().Contain(l => l.StartsWith("N ", StringComparison.Ordinal) && l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] == "1872");
        matrix.Should().Contain(l => l.StartsWith("S ", StringComparison.Ordinal) && l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] == "29");
    }

    [Fact]
    public async Task Bxb_scores_an_annotation_file_and_adds_noise_on_request()
    {
        var record = Path.Combine(TestData.EcgDirectory, "100");
        var (code, output, _) = await Run("bxb", "--record", record, "--annotator", "atr", "--test", "atr");
        code.Should().Be(0);
        output.Should().Contain("detector: annotation file atr").And.Contain("TP 1902  FN 0  FP 0");

        (code, output, _) = await Run("bxb", "--record", record, "--annotator", "atr", "--noise", "em", "--snr", "6", "--seed", "4");
        code.Should().Be(0);
        output.Should().Contain("noise on lead 0: em at 6 dB (nst protocol, seed 4)").And.MatchRegex(@"QRS Se (99|100)\.\d\d %");
    }

    [Fact]
    public async Task Intervals_prints_the_error_table_and_the_ptb_measurements()
    {
        var (code, output, _) = await Run("intervals", "--count", "6", "--seed", "5", "--data", TestData.EcgDirectory);

        code.Should().Be(0);
        output.Should().Contain("6 synthetic 12-lead ECGs of 10 s at 500 Hz, seed 5")
            .And.MatchRegex(@"\| PR \| [+-]\d+\.\d ms \| \d+\.\d ms \|")
            .And.MatchRegex(@"\| QRS \| [+-]\d+\.\d ms \|")
            .And.MatchRegex(@"\| QT \| [+-]\d+\.\d ms \|")
            .And.Contain("PTB s0010_re, first 10 s at 1000 Hz")
            .And.MatchRegex(@"\| \d+\.\d bpm \| \d+ ms \| \d+ ms \|");
    }

    [Fact]
    public async Task A_wrong_command_line_is_refused_with_the_usage()
    {
        var (code, _, error) = await Run("bxb", "--record", Path.Combine(TestData.EcgDirectory, "100"), "--annotator", "atr", "--noise", "xx", "--snr", "3");
        code.Should().Be(2);
        error.Should().Contain("--noise must be em, ma, bw or mix").And.Contain("usage:");

        (code, _, error) = await Run("bxb", "--record", Path.Combine(TestData.EcgDirectory, "nope"), "--annotator", "atr");
        code.Should().Be(1);
        error.Should().Contain("nope");
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "telesante-ecg.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }
}
