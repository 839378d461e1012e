using System.Runtime.InteropServices;

namespace TeleSante.Testing.Internal;

/// <summary>
/// POSIX signals for child processes. .NET's Process can only SIGKILL (Process.Kill), but a
/// graceful stop needs SIGTERM so influxd flushes its WAL and mosquitto saves its persistence file.
/// </summary>
internal static class NativeMethods
{
    // Linux signal numbers (signal(7)).
    public const int SigTerm = 15;
    public const int SigKill = 9;

    // DllImport rather than LibraryImport: LibraryImport needs AllowUnsafeBlocks for the generated
    // stub, and this single blittable call does not justify unsafe code in the fixture library.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false if the process is gone.</summary>
    public static bool SendSignal(int pid, int signal) => Kill(pid, signal) == 0;

    public static bool IsRoot => Environment.UserName == "root";
}
