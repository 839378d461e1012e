using System.ComponentModel.DataAnnotations;
using TeleSante.Ingestion.Wal;

namespace TeleSante.Ingestion.Tests.Wal;

public sealed class WalOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones_and_valid()
    {
        var options = new WalOptions { Directory = "wal" };

        options.SegmentBytes.Should().Be(64L << 20);
        options.DiskBudgetBytes.Should().Be(2L << 30);
        options.MinFreeDiskBytes.Should().Be(256L << 20);
        options.MaxRecordBytes.Should().Be(4 << 20);
        options.GroupCommitMaxRecords.Should().Be(1024);
        options.GroupCommitMaxBytes.Should().Be(8 << 20);
        options.AppendQueueCapacity.Should().Be(8192);
        options.GroupCommitInterval.Should().Be(TimeSpan.FromMilliseconds(10), "the gateway paces its fsyncs");
        Validate(options).Should().BeEmpty();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1001)]
    public void A_group_commit_interval_outside_zero_to_one_second_is_refused(int milliseconds)
    {
        var options = new WalOptions { Directory = "wal", GroupCommitInterval = TimeSpan.FromMilliseconds(milliseconds) };

        Validate(options).Should().ContainSingle().Which.MemberNames.Should().Contain(nameof(WalOptions.GroupCommitInterval));
    }

    [Theory]
    [InlineData("", 64L << 20, 2L << 30, 4 << 20)]       // no directory
    [InlineData("wal", 1L << 20, 2L << 30, 4 << 20)]     // a maximum record would not fit in a segment
    [InlineData("wal", 64L << 20, 100L << 20, 4 << 20)]  // budget below two segments
    [InlineData("wal", 64L << 20, 2L << 30, 0)]          // records must be allowed a byte
    public void Inconsistent_options_are_refused(string directory, long segmentBytes, long budgetBytes, int maxRecordBytes)
    {
        var options = new WalOptions { Directory = directory, SegmentBytes = segmentBytes, DiskBudgetBytes = budgetBytes, MaxRecordBytes = maxRecordBytes };

        Validate(options).Should().NotBeEmpty();
        FluentActions.Invoking(() => WriteAheadLog.Open(options, TimeProvider.System, new RecordingLogger<WriteAheadLog>()))
            .Should().Throw<ValidationException>();
    }

    private static List<ValidationResult> Validate(WalOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
