using System.Text;
using TeleSante.StationAgent.Internal;

namespace TeleSante.StationAgent.Tests;

public sealed class SerialLineFramerTests
{
    [Fact]
    public void Lines_split_across_reads_are_joined_and_CR_LF_is_removed()
    {
        var frames = Push("$TSV1,1,2026", "-11-22T10:15:30Z,150456,97,%*00\r", "\n$TSV1,2");
        frames.Should().ContainSingle().Which.Should().Match<SerialFrame>(f => f.Kind == SerialFrameKind.Line && Text(f) == "$TSV1,1,2026-11-22T10:15:30Z,150456,97,%*00");
    }

    [Fact]
    public void A_bare_LF_ends_a_line_too()
    {
        Push("$A*00\n$B*00\n").Select(Text).Should().Equal("$A*00", "$B*00");
    }

    [Fact]
    public void Dollar_starts_a_new_sentence_and_what_came_before_it_is_a_fragment()
    {
        var frames = Push("noise$TSV1,3*00\r\n");
        frames.Select(f => (f.Kind, Text(f))).Should().Equal((SerialFrameKind.Fragment, "noise"), (SerialFrameKind.Line, "$TSV1,3*00"));
    }

    [Fact]
    public void A_sentence_cut_short_by_the_next_one_is_a_fragment_and_the_next_one_survives()
    {
        var frames = Push("$TSV1,4,2026-11-2$TSV1,5*00\r\n");
        frames.Select(f => (f.Kind, Text(f))).Should().Equal((SerialFrameKind.Fragment, "$TSV1,4,2026-11-2"), (SerialFrameKind.Line, "$TSV1,5*00"));
    }

    [Fact]
    public void Endless_bytes_without_line_end_are_cut_at_the_limit_and_counted()
    {
        var frames = Push(new string('A', 1000), "\r\n$OK*00\r\n");
        frames.Should().HaveCount(2);
        frames[0].Kind.Should().Be(SerialFrameKind.TooLong);
        frames[0].Bytes.Should().HaveCount(SerialLineProtocol.MaxLineBytes + 1);
        (frames[0].Bytes.Length + frames[0].DiscardedBytes).Should().Be(1001, "the CR is part of the overlong line");
        Text(frames[1]).Should().Be("$OK*00");
    }

    [Fact]
    public void Empty_lines_are_reported_as_empty()
    {
        Push("\r\n\n").Select(f => f.Kind).Should().Equal(SerialFrameKind.Empty, SerialFrameKind.Empty);
    }

    [Fact]
    public void Bytes_held_when_the_port_closes_are_flushed_as_a_fragment()
    {
        var framer = new SerialLineFramer();
        var frames = new List<SerialFrame>();
        framer.Push("$TSV1,9,20"u8, frames);
        frames.Should().BeEmpty();
        framer.Pending.Should().Be(10);
        framer.Flush(frames);
        frames.Should().ContainSingle().Which.Kind.Should().Be(SerialFrameKind.Fragment);
        framer.Pending.Should().Be(0);
    }

    [Fact]
    public void Binary_bytes_reach_the_parser_unchanged()
    {
        var framer = new SerialLineFramer();
        var frames = new List<SerialFrame>();
        framer.Push([0x00, 0xFF, 0x80, 0x0D, 0x0A], frames);
        frames.Should().ContainSingle().Which.Bytes.Should().Equal(0x00, 0xFF, 0x80);
    }

    private static List<SerialFrame> Push(params string[] reads)
    {
        var framer = new SerialLineFramer();
        var frames = new List<SerialFrame>();
        foreach (var read in reads)
        {
            framer.Push(Encoding.ASCII.GetBytes(read), frames);
        }

        return frames;
    }

    private static string Text(SerialFrame frame) => Encoding.ASCII.GetString(frame.Bytes);
}
