using System.Net;
using System.Net.Sockets;
using System.Text;
using TeleSante.Testing;

namespace TeleSante.Storage.Influx.Tests;

/// <summary>
/// Outages with a server of its own (stopping it would break other classes' tests): the store
/// reports them as Transient, and the fixture restarts influxd with its data.
/// </summary>
public sealed class InfluxOutageTests : IAsyncLifetime
{
    private readonly RecordingLogger<InfluxV1Store> _log = new();
    private InfluxDbServer _server = null!;
    private InfluxV1Store _store = null!;

    public async Task InitializeAsync()
    {
        _server = await InfluxDbServer.StartAsync();
        _store = Stores.Create(_server.Url, "outage", _log, o => o.RequestTimeout = TimeSpan.FromSeconds(5));
        await _store.EnsureDatabaseAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _log.VerifyNoUnexpectedErrors();
    }

    [Fact]
    public async Task Stopped_influxd_is_Transient_and_StartAgain_keeps_the_data_written_before_the_stop()
    {
        using var builder = new LineProtocolBuilder();
        builder.Measurement("m").Field("v", 1L).Timestamp(1);
        (await _store.WriteAsync(builder)).IsSuccess.Should().BeTrue();

        await _server.StopAsync();
        _server.IsRunning.Should().BeFalse();
        using (var probe = new TcpClient())
        {
            var refused = () => probe.ConnectAsync(IPAddress.Loopback, _server.HttpPort);
            await refused.Should().ThrowAsync<SocketException>("a stopped server refuses connections");
        }

        var down = await _store.WriteAsync(builder);
        down.Outcome.Should().Be(StoreOutcome.Transient);
        down.StatusCode.Should().Be(0);
        down.Message.Should().Contain("ConnectionRefused");
        var health = await _store.PingAsync(CancellationToken.None);
        health.IsUp.Should().BeFalse();
        health.Error.Should().NotBeNullOrEmpty();
        var query = () => _store.QueryAsync("SELECT * FROM \"m\"");
        (await query.Should().ThrowAsync<InfluxQueryException>()).Which.Outcome.Should().Be(StoreOutcome.Transient);

        await _server.StartAgainAsync();
        builder.Reset();
        builder.Measurement("m").Field("v", 2L).Timestamp(2);
        (await _store.WriteAsync(builder)).IsSuccess.Should().BeTrue();
        (await _store.QueryAsync("SELECT \"v\" FROM \"m\"")).Single().Rows.Select(r => r.GetInt64(1)).Should().Equal(1, 2);
    }

    [Fact]
    public async Task A_write_acknowledged_with_204_survives_SIGKILL_of_influxd()
    {
        using var builder = new LineProtocolBuilder();
        for (var i = 0; i < 1_000; i++)
        {
            builder.Measurement("durable").Field("v", (long)i).Timestamp(i);
        }

        (await _store.WriteAsync(builder)).IsSuccess.Should().BeTrue();
        _server.Kill();
        await _server.StartAgainAsync();

        // influxd fsyncs its WAL before answering 204 (wal-fsync-delay = 0), so the WAL replay has it all.
        var count = (await _store.QueryAsync("SELECT count(\"v\") FROM \"durable\"")).Single().Rows.Single().GetInt64(1);
        count.Should().Be(1_000);
    }

    [Fact]
    public async Task No_answer_within_RequestTimeout_is_Transient()
    {
        // A listener that accepts and never answers: what a hung server or a black-holing proxy does.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var hung = Stores.Create(new Uri($"http://127.0.0.1:{port}/"), "x", _log, o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));

        var result = await hung.WriteAsync(Encoding.UTF8.GetBytes("m v=1\n"), CancellationToken.None);

        result.Outcome.Should().Be(StoreOutcome.Transient);
        result.Message.Should().Contain("RequestTimeout");
        (await hung.PingAsync(CancellationToken.None)).IsUp.Should().BeFalse();
    }

    [Fact]
    public async Task Caller_cancellation_is_not_turned_into_a_result()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var hung = Stores.Create(new Uri($"http://127.0.0.1:{port}/"), "x", _log);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var act = async () => await hung.WriteAsync(Encoding.UTF8.GetBytes("m v=1\n"), cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}
