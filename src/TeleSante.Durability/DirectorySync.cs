using System.Runtime.InteropServices;

namespace TeleSante.Durability;

/// <summary>
/// fsync of a directory, so that a file created, renamed or deleted in it survives a power cut
/// (POSIX: the directory entry is only durable once the directory itself is synced). .NET cannot
/// open a directory as a stream, hence the direct libc calls. Used by the write-ahead log, the image
/// store and the station agent's outbox.
/// </summary>
public static partial class DirectorySync
{
    private const int ORdOnly = 0;
    private const int EInval = 22;

    public static void Fsync(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var fd = Open(directory, ORdOnly);
        if (fd < 0)
        {
            throw new IOException($"open({directory}) for fsync failed, errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            // EINVAL: the filesystem (some FUSE and network mounts) cannot sync a directory; nothing more can be done.
            if (FsyncNative(fd) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != EInval)
            {
                throw new IOException($"fsync({directory}) failed, errno {errno}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncNative(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
