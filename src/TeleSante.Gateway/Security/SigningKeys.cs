using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace TeleSante.Gateway.Security;

/// <summary>
/// The key practitioners' tokens are verified with: the configured one, or the development issuer's
/// key, generated once into the data directory (mode 600) so the README's run command works on a
/// fresh machine without any secret in the repository.
/// </summary>
internal static class SigningKeys
{
    /// <param name="developmentKeyPath">Where the development key is kept (<c>DataPaths.DevelopmentSigningKey</c>).</param>
    public static SymmetricSecurityKey Resolve(SecurityOptions security, string developmentKeyPath)
    {
        if (!string.IsNullOrEmpty(security.JwtSigningKey))
        {
            return new SymmetricSecurityKey(Convert.FromBase64String(security.JwtSigningKey));
        }

        var path = developmentKeyPath;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (!File.Exists(path))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                using var file = new FileStream(path, options);
                file.Write(RandomNumberGenerator.GetBytes(32));
                file.Flush(flushToDisk: true);
            }
            catch (IOException) when (File.Exists(path))
            {
                // Created concurrently by another process: use theirs.
            }
        }

        return new SymmetricSecurityKey(File.ReadAllBytes(path));
    }
}
