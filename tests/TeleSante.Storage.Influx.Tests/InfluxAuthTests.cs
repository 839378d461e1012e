using Microsoft.Extensions.Options;
using TeleSante.Testing;

namespace TeleSante.Storage.Influx.Tests;

/// <summary>Basic auth against an influxd with <c>auth-enabled = true</c>.</summary>
public sealed class InfluxAuthTests : IAsyncLifetime
{
    private readonly RecordingLogger<InfluxV1Store> _log = new();
    private InfluxDbServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await InfluxDbServer.StartAsync(new InfluxDbServerOptions { AuthEnabled = true });
        await _server.CreateDatabaseAsync("secured");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _log.VerifyNoUnexpectedErrors();
    }

    [Fact]
    public async Task Missing_credentials_are_Fatal_and_Basic_credentials_are_accepted()
    {
        _log.ExpectErrors(1003);
        using var builder = new LineProtocolBuilder();
        builder.Measurement("m").Field("v", 1L).Timestamp(1);

        var anonymous = Stores.Create(_server.Url, "secured", _log);
        var refused = await anonymous.WriteAsync(builder);
        refused.Outcome.Should().Be(StoreOutcome.Fatal);
        refused.StatusCode.Should().Be(401);

        var wrong = Stores.Create(_server.Url, "secured", _log, o => (o.Username, o.Password) = ("admin", "wrong"));
        (await wrong.WriteAsync(builder)).StatusCode.Should().Be(401);
        var query = () => wrong.QueryAsync("SHOW DATABASES");
        (await query.Should().ThrowAsync<InfluxQueryException>()).Which.Outcome.Should().Be(StoreOutcome.Fatal);

        var admin = Stores.Create(_server.Url, "secured", _log, o => (o.Username, o.Password) = ("admin", "admin-password"));
        (await admin.WriteAsync(builder)).IsSuccess.Should().BeTrue();
        (await admin.QueryAsync("SELECT \"v\" FROM \"m\"")).Should().ContainSingle();
        (await admin.PingAsync(CancellationToken.None)).IsUp.Should().BeTrue("1.x answers /ping without credentials");
    }

    [Fact]
    public void Store_refuses_options_without_an_absolute_url()
        => FluentActions.Invoking(() => new InfluxV1Store(new HttpClient(), Options.Create(new InfluxOptions()), _log))
            .Should().Throw<ArgumentException>().WithMessage("*Url*");
}
