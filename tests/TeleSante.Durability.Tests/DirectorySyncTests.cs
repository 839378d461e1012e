namespace TeleSante.Durability.Tests;

public sealed class DirectorySyncTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("telesante-dirsync-").FullName;

    [Fact]
    public void A_directory_is_synced_after_a_rename_into_it()
    {
        var temp = Path.Combine(_directory, "file.tmp");
        File.WriteAllText(temp, "payload");
        File.Move(temp, Path.Combine(_directory, "file"));

        var sync = () => DirectorySync.Fsync(_directory);

        sync.Should().NotThrow();
        File.ReadAllText(Path.Combine(_directory, "file")).Should().Be("payload");
    }

    [Fact]
    public void A_missing_directory_is_an_error_naming_it_not_a_silent_success()
    {
        var missing = Path.Combine(_directory, "not-there");

        var sync = () => DirectorySync.Fsync(missing);

        sync.Should().Throw<IOException>().WithMessage($"*{missing}*");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
