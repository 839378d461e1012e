using System.Buffers.Binary;
using System.Text;

namespace TeleSante.Signal.Wfdb.Internal;

/// <summary>
/// Decoder of MIT-format annotation files (annotation(5)): a stream of 16-bit little-endian words,
/// each a 6-bit code (high bits) and a 10-bit field I (low bits). For an annotation I is the time
/// since the previous one; for a pseudo-code it is its argument. A word of 0 ends the file.
/// </summary>
internal static class AnnotationDecoder
{
    public static List<WfdbAnnotation> Decode(ReadOnlySpan<byte> bytes, string path, double samplingFrequency)
    {
        var annotations = new List<WfdbAnnotation>();
        long time = 0;

        // annotation(5): NUM and CHN carry over to later annotations until changed; SUB and AUX do not.
        var num = 0;
        var channel = 0;
        var at = 0;
        while (true)
        {
            if (at + 2 > bytes.Length)
            {
                throw new WfdbFormatException(path, $"ends at byte {bytes.Length} without the end-of-file word 0 (truncated?)");
            }

            int word = BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);
            at += 2;
            var code = word >> 10;
            var field = word & 0x3FF;
            switch (code)
            {
                case 0 when field == 0:
                    return annotations;
                case WfdbAnnotationCode.Skip:
                    if (at + 4 > bytes.Length)
                    {
                        throw new WfdbFormatException(path, $"SKIP at byte {at - 2} lacks its 4-byte interval (truncated?)");
                    }

                    // PDP-11 long: the high 16-bit word first, each word little-endian.
                    var high = BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);
                    var low = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(at + 2)..]);
                    time += (int)((uint)high << 16 | low);
                    at += 4;
                    break;
                case WfdbAnnotationCode.Num:
                    // The library stores num as a signed char: the 10-bit field holds its low 8 bits sign-extended.
                    num = (sbyte)field;
                    Amend(annotations, a => a with { Num = num });
                    break;
                case WfdbAnnotationCode.Chn:
                    channel = (byte)field;
                    Amend(annotations, a => a with { Channel = channel });
                    break;
                case WfdbAnnotationCode.Sub:
                    var subtype = (sbyte)field;
                    Require(annotations, "SUB", at - 2, path);
                    Amend(annotations, a => a with { Subtype = subtype });
                    break;
                case WfdbAnnotationCode.Aux:
                    Require(annotations, "AUX", at - 2, path);
                    var padded = field + (field & 1);
                    if (at + padded > bytes.Length)
                    {
                        throw new WfdbFormatException(path, $"AUX at byte {at - 2} announces {field} bytes of text but the file ends first (truncated?)");
                    }

                    // Writers include a terminating NUL in the count (100.atr stores "(N\0").
                    var text = Encoding.Latin1.GetString(bytes.Slice(at, field)).TrimEnd('\0');
                    Amend(annotations, a => a with { Aux = text });
                    at += padded;
                    break;
                case > WfdbAnnotationCode.MaxAnnotationCode:
                    throw new WfdbFormatException(path, $"word 0x{word:X4} at byte {at - 2} has code {code}, which annotation(5) does not define");
                default:
                    time += field;
                    annotations.Add(new WfdbAnnotation(time, time / samplingFrequency, code, AnnotationTable.Mnemonic(code), 0, channel, num, null));
                    break;
            }
        }
    }

    private static void Require(List<WfdbAnnotation> annotations, string pseudo, int offset, string path)
    {
        if (annotations.Count == 0)
        {
            throw new WfdbFormatException(path, $"{pseudo} at byte {offset} comes before any annotation it could apply to");
        }
    }

    private static void Amend(List<WfdbAnnotation> annotations, Func<WfdbAnnotation, WfdbAnnotation> change)
    {
        if (annotations.Count > 0)
        {
            annotations[^1] = change(annotations[^1]);
        }
    }
}
