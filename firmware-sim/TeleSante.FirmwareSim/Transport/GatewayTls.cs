using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace TeleSante.FirmwareSim.Transport;

/// <summary>
/// Connections to the gateway. <c>http://</c> is cleartext HTTP/2 (loopback only: the gateway refuses
/// plaintext elsewhere). <c>https://</c> validates the gateway's certificate against the system's roots or,
/// with <c>--ca-cert FILE</c>, against that file's certificates only, as a device provisioned with its
/// operator's private CA (or the gateway's self-signed certificate) would. The host name is still checked
/// against the certificate's subject alternative names either way.
/// </summary>
public static class GatewayTls
{
    /// <summary>A handler trusting <paramref name="caCertificatePath"/> (PEM, one or more certificates, or
    /// DER) alone; the system's roots when null or empty.</summary>
    public static SocketsHttpHandler CreateHandler(string? caCertificatePath)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (!string.IsNullOrEmpty(caCertificatePath))
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                // A device in the field often cannot reach a CRL or OCSP responder; the trust anchor is pinned instead.
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(Load(caCertificatePath));
            handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        }

        return handler;
    }

    /// <summary>A gRPC channel to <paramref name="address"/>; see <see cref="CreateHandler"/> for the trust.</summary>
    public static GrpcChannel CreateChannel(string address, string? caCertificatePath)
    {
        if (string.IsNullOrEmpty(caCertificatePath))
        {
            return GrpcChannel.ForAddress(address);
        }

        if (!address.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--ca-cert is for an https:// gateway, not {address}");
        }

        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = CreateHandler(caCertificatePath), DisposeHttpClient = true });
    }

    private static X509Certificate2Collection Load(string path)
    {
        var certificates = new X509Certificate2Collection();
        if (File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            certificates.ImportFromPemFile(path);
        }
        else
        {
            certificates.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }

        return certificates.Count > 0 ? certificates : throw new InvalidDataException($"{path} holds no certificate");
    }
}
