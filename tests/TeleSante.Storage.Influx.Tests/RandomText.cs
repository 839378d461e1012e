using System.Text;

namespace TeleSante.Storage.Influx.Tests;

/// <summary>Seeded random strings biased towards the characters line protocol treats specially.</summary>
internal static class RandomText
{
    private static readonly string[] Pieces =
    [
        "a", "Z", "0", "_", "-", ".", " ", ",", "=", "\"", "'", "\\", "\\\\", "\t", "\r", "#", "/", ":", "{", "}",
        "é", "ü", "ß", "漢", "字", "ж", "🫀", "😀", "👩‍⚕️", "\u00a0", "\u2028", "\u0000", "\u001f", "<", ">", "&", "%", "+",
    ];

    public static string Next(Random random, int minLength, int maxLength, bool allowNewlines = false)
    {
        var length = random.Next(minLength, maxLength + 1);
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            var piece = allowNewlines && random.Next(10) == 0 ? "\n" : Pieces[random.Next(Pieces.Length)];
            builder.Append(piece);
        }

        return builder.ToString();
    }
}
