using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TeleSante.Gateway.Tests.Infrastructure;

/// <summary>
/// A self-signed server certificate made at test time, so no certificate or secret lives in the
/// repository: a PFX with a random password for Kestrel, and the public certificate as PEM for clients
/// that trust it alone. Both in a temp directory deleted on dispose.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private TestCertificate(string directory, string password, X509Certificate2 certificate)
    {
        Directory = directory;
        Password = password;
        Certificate = certificate;
    }

    public string Directory { get; }

    public string PfxPath => Path.Combine(Directory, "gateway.pfx");

    public string PemPath => Path.Combine(Directory, "gateway.crt");

    public string Password { get; }

    /// <summary>The public certificate (no private key).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Valid for 127.0.0.1, ::1 and localhost, for one day.</summary>
    public static TestCertificate Create(string commonName = "telesante-test-gateway")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        var directory = Path.Combine(Path.GetTempPath(), "telesante-cert-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var result = new TestCertificate(directory, password, X509CertificateLoader.LoadCertificate(certificate.RawData));
        File.WriteAllBytes(result.PfxPath, certificate.Export(X509ContentType.Pfx, password));
        File.WriteAllText(result.PemPath, certificate.ExportCertificatePem());
        return result;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
