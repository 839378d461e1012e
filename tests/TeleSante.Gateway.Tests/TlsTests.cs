using System.Security.Authentication;
using Grpc.Core;
using Grpc.Net.Client;
using TeleSante.Contracts.V1;
using TeleSante.FirmwareSim.Transport;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>gRPC over TLS as a deployment outside loopback runs it: a Kestrel https endpoint with a
/// certificate, devices that trust that certificate, and device tokens still required on top.</summary>
public sealed class TlsTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    [Fact]
    public async Task A_device_trusting_the_gateway_certificate_streams_over_tls_while_untrusting_and_plaintext_clients_get_nothing_through()
    {
        using var certificate = TestCertificate.Create();
        using var impostor = TestCertificate.Create("someone-else");
        var tlsPort = FreePort.Next();
        var tls = $"https://127.0.0.1:{tlsPort}";
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string>
        {
            ["Security:DeviceAuthentication"] = "true",
            ["Kestrel:Endpoints:GrpcTls:Url"] = tls,
            ["Kestrel:Endpoints:GrpcTls:Protocols"] = "Http2",
            ["Kestrel:Endpoints:GrpcTls:Certificate:Path"] = certificate.PfxPath,
            ["Kestrel:Endpoints:GrpcTls:Certificate:Password"] = certificate.Password,
        });
        var token = await gateway.RegisterDeviceAsync("ecg-tls", "ecg", "test-pharmacy");
        var headers = SecurityTests.DeviceHeaders("ecg-tls", token);
        var start = TestEcg.NowNs() - 30_000_000_000;
        var recorder = TestEcg.Recorder("ecg-tls", "tls-session", start, leads: 2);
        var sent = TestEcg.Batches(recorder, 4);
        var refused = recorder.NextBatch();

        // The simulator's channel with --ca-cert: trusts the gateway's certificate and nothing else.
        using (var trusting = GatewayTls.CreateChannel(tls, certificate.PemPath))
        {
            var answers = await SecurityTests.SendAsync(trusting, headers, [.. sent]);
            answers.Select(a => (a.Seq, a.OutcomeCase, a.Ack?.Duplicate)).Should().Equal(sent.Select(b => (b.Seq, BatchResult.OutcomeOneofCase.Ack, (bool?)false)));

            var withoutToken = async () => await SecurityTests.SendAsync(trusting, [], refused);
            (await withoutToken.Should().ThrowAsync<RpcException>("TLS protects the link; the device token is still the credential"))
                .Which.StatusCode.Should().Be(StatusCode.Unauthenticated);
        }

        // The system's roots do not include a self-signed certificate; a device pinned to another certificate
        // must not accept this one either.
        using (var untrusting = GrpcChannel.ForAddress(tls))
        {
            await HandshakeRefusedAsync(untrusting, headers, refused);
        }

        using (var pinnedElsewhere = GatewayTls.CreateChannel(tls, impostor.PemPath))
        {
            await HandshakeRefusedAsync(pinnedElsewhere, headers, refused);
        }

        // Cleartext HTTP/2 to the TLS port: Kestrel expects a TLS ClientHello and drops the connection.
        using (var plaintext = GrpcChannel.ForAddress($"http://127.0.0.1:{tlsPort}"))
        {
            var act = async () => await SecurityTests.SendAsync(plaintext, headers, refused);
            (await act.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().BeOneOf(StatusCode.Unavailable, StatusCode.Internal);
        }

        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(20));
        var stored = await StoredRecording.WaveformsAsync(gateway, "tls-session", start, start + 10_000_000_000);
        var expected = TestEcg.SamplesByLead(sent);
        stored.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (lead, samples) in expected)
        {
            stored[lead].Samples.Should().Equal(samples, "exactly the four batches acknowledged over TLS, not the one offered to the refused clients");
        }

        gateway.ErrorLines().Should().BeEmpty();
    }

    [Fact]
    public async Task The_gateway_refuses_to_start_with_a_plaintext_http_endpoint_outside_loopback()
    {
        var start = async () => await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { ["Kestrel:Endpoints:Public:Url"] = $"http://0.0.0.0:{FreePort.Next()}" });
        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("'Public'").And.Contain("plaintext outside loopback");
    }

    private static async Task HandshakeRefusedAsync(GrpcChannel channel, Metadata headers, ReadingBatch batch)
    {
        var act = async () => await SecurityTests.SendAsync(channel, headers, batch);
        var refusal = (await act.Should().ThrowAsync<RpcException>()).Which;
        refusal.StatusCode.Should().BeOneOf(StatusCode.Unavailable, StatusCode.Internal);
        Causes(refusal).Should().Contain(e => e is AuthenticationException, "the client rejects the server certificate during the TLS handshake");
    }

    private static IEnumerable<Exception> Causes(RpcException exception)
    {
        for (var e = exception.Status.DebugException; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
