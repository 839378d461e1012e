using System.Text;
using TeleSante.Testing;

namespace TeleSante.FirmwareSim.Tests.Support;

/// <summary>
/// Decodes with libjpeg-turbo's <c>djpeg</c> (Debian libjpeg-turbo-progs, installed by
/// scripts/install-deps.sh): the library behind most viewers and browsers on Linux, and one that
/// prints a warning for any stray byte or malformed segment it tolerates.
/// </summary>
internal static class Djpeg
{
    /// <returns>The decoded image and whatever djpeg printed (empty for a clean file).</returns>
    public static async Task<(DecodedJpeg Image, string Output)> DecodeAsync(byte[] jpeg)
    {
        if (ExternalProcess.FindExecutable("djpeg") is null)
        {
            throw new InvalidOperationException("djpeg is not on PATH: apt-get install -y libjpeg-turbo-progs (scripts/install-deps.sh does)");
        }

        var directory = Directory.CreateTempSubdirectory("telesante-djpeg-").FullName;
        try
        {
            var input = Path.Combine(directory, "capture.jpg");
            var output = Path.Combine(directory, "capture.ppm");
            await File.WriteAllBytesAsync(input, jpeg);
            await using var djpeg = ExternalProcess.Start("djpeg", ["-ppm", "-outfile", output, input]);
            var exitCode = await djpeg.WaitForExitAsync(TimeSpan.FromSeconds(30));
            if (exitCode != 0)
            {
                throw new InvalidDataException($"djpeg exited with {exitCode}:\n{djpeg.RecentOutput}");
            }

            return (ReadPpm(await File.ReadAllBytesAsync(output)), djpeg.RecentOutput);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Binary PPM (P6, maxval 255): four whitespace-separated header tokens, one
    /// whitespace byte, then the samples (netpbm ppm(5)).</summary>
    private static DecodedJpeg ReadPpm(byte[] ppm)
    {
        var tokens = new string[4];
        var i = 0;
        for (var t = 0; t < 4; t++)
        {
            while (char.IsWhiteSpace((char)ppm[i]))
            {
                i++;
            }

            var start = i;
            while (!char.IsWhiteSpace((char)ppm[i]))
            {
                i++;
            }

            tokens[t] = Encoding.ASCII.GetString(ppm, start, i - start);
        }

        if (tokens[0] != "P6" || tokens[3] != "255")
        {
            throw new InvalidDataException($"PPM header {string.Join(' ', tokens)}: expected P6 with maxval 255");
        }

        int width = int.Parse(tokens[1]), height = int.Parse(tokens[2]);
        return new DecodedJpeg(width, height, ppm.AsSpan(i + 1, width * height * 3).ToArray());
    }
}
