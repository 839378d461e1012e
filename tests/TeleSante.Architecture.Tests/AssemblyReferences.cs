using System.Reflection;
using System.Runtime.InteropServices;

namespace TeleSante.Architecture.Tests;

/// <summary>
/// The assemblies an assembly needs, read from the compiled metadata (the compiler records only the
/// references the code uses, so a reference nothing uses does not show) and followed through our own
/// TeleSante assemblies: a dependency gained by way of another TeleSante project counts as well.
/// </summary>
internal static class AssemblyReferences
{
    private const string Ours = "TeleSante.";

    // The shared framework the tests run on: what is in it is the BCL, whatever its name (System.IO.Hashing
    // or System.IO.Ports, for instance, are packages, not framework).
    private static readonly string FrameworkDirectory = RuntimeEnvironment.GetRuntimeDirectory();

    public static IReadOnlyList<AssemblyReference> Of(Assembly assembly)
    {
        var found = new List<AssemblyReference>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { assembly.GetName().Name! };
        var pending = new Queue<Assembly>([assembly]);
        while (pending.TryDequeue(out var current))
        {
            foreach (var referenced in current.GetReferencedAssemblies())
            {
                found.Add(new AssemblyReference(current.GetName().Name!, referenced.Name!));
                if (referenced.Name!.StartsWith(Ours, StringComparison.Ordinal) && seen.Add(referenced.Name))
                {
                    pending.Enqueue(Assembly.Load(referenced));
                }
            }
        }

        return found;
    }

    public static bool IsFramework(string assemblyName) =>
        File.Exists(Path.Combine(FrameworkDirectory, assemblyName + ".dll"));

    public static bool IsAspNetCore(string assemblyName) =>
        assemblyName.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
        || assemblyName.StartsWith("Grpc.AspNetCore", StringComparison.Ordinal)
        || assemblyName == "Microsoft.Net.Http.Headers";
}
