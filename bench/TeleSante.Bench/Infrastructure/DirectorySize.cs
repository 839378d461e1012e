namespace TeleSante.Bench.Infrastructure;

/// <summary>Sizes of influxd's files for one database, as <c>du --apparent-size</c> would count them.</summary>
public static class DirectorySize
{
    public static long Bytes(string directory) => Directory.Exists(directory)
        ? new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(SafeLength)
        : 0;

    public static int Count(string directory, string pattern) => Directory.Exists(directory)
        ? Directory.EnumerateFiles(directory, pattern, SearchOption.AllDirectories).Count()
        : 0;

    // A compaction may delete a file between listing and stat.
    private static long SafeLength(FileInfo file)
    {
        try
        {
            return file.Length;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}
