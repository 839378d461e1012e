using System.Text.RegularExpressions;
using TeleSante.Signal.Tests.Support;

namespace TeleSante.Signal.Tests;

/// <summary>A user who clones the repository has nothing beside it: the data the project uses is inside,
/// with its attribution and licence, and no file points outside the repository for it.</summary>
public sealed partial class RepositoryDataTests
{
    // Folders of build output and installed packages, not part of the repository's own text.
    private static readonly string[] SkippedFolders = ["bin", "obj", "node_modules", "artifacts", "TestResults", ".git", ".run", "BenchmarkDotNet.Artifacts", "lib"];

    private static readonly string[] TextExtensions = [".cs", ".csproj", ".props", ".targets", ".json", ".md", ".sh", ".js", ".html", ".css", ".proto", ".yml", ".yaml", ".txt", ".sln", ".editorconfig", ""];

    [Fact]
    public void The_ECG_records_the_project_uses_are_in_the_repository_with_their_attribution_and_licence()
    {
        foreach (var file in new[] { "100.hea", "100.dat", "100.atr", "s0010_re.hea", "s0010_re.dat", "s0010_re.xyz" })
        {
            System.IO.File.Exists(TestData.File(file)).Should().BeTrue($"data/ecg/{file} ships with the repository");
        }

        var readme = System.IO.File.ReadAllText(TestData.File("README.md"));
        readme.Should().Contain("ODC-By 1.0").And.Contain("doi:10.13026/C2F305").And.Contain("doi:10.13026/C28C71").And.Contain("Goldberger");
        System.IO.File.ReadAllText(TestData.File("LICENSE")).Should().Contain("opendatacommons.org/licenses/by/1-0");
    }

    [Fact]
    public void No_file_in_the_repository_refers_to_a_folder_beside_it()
    {
        var offenders = new List<string>();
        foreach (var file in RepositoryTextFiles(TestData.RepositoryRoot))
        {
            var lineNumber = 0;
            foreach (var line in System.IO.File.ReadLines(file))
            {
                lineNumber++;
                if (OutsideReference().IsMatch(line))
                {
                    offenders.Add($"{Path.GetRelativePath(TestData.RepositoryRoot, file)}:{lineNumber}: {line.Trim()}");
                }
            }
        }

        offenders.Should().BeEmpty("a fresh clone has no folder of shared data beside it");
    }

    private static IEnumerable<string> RepositoryTextFiles(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in System.IO.Directory.EnumerateDirectories(dir))
            {
                if (!SkippedFolders.Contains(Path.GetFileName(sub)))
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in System.IO.Directory.EnumerateFiles(dir))
            {
                if (TextExtensions.Contains(Path.GetExtension(file)) && new FileInfo(file).Length < 4_000_000)
                {
                    yield return file;
                }
            }
        }
    }

    // A parent-relative or /work path to the folder beside the checkout, or its data/ENVIRONMENT/STYLE files;
    // the pattern is built from parts so that this file does not match itself.
    [GeneratedRegex(@"(\.\./|/work/)" + "shared" + @"\b|\b" + "shared" + @"/(data|ENVIRONMENT|STYLE|hooks)\b")]
    private static partial Regex OutsideReference();
}
