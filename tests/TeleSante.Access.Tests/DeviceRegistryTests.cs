using System.Text;
using Microsoft.Extensions.Time.Testing;
using TeleSante.Access.Devices;

namespace TeleSante.Access.Tests;

public sealed class DeviceRegistryTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_registered_device_authenticates_with_its_token_and_with_nothing_else()
    {
        using var registry = new SqliteDeviceRegistry(_db.Path, _time);
        var credential = await registry.RegisterAsync("ecg-1", "ecg12", "pharma-lyon-03", CancellationToken.None);
        var other = await registry.RegisterAsync("ecg-2", "ecg12", "pharma-lyon-03", CancellationToken.None);

        var device = await registry.AuthenticateAsync("ecg-1", credential.Token, CancellationToken.None);
        device.Should().Be(new DeviceRecord("ecg-1", "ecg12", "pharma-lyon-03", DeviceState.Active, _time.GetUtcNow()));

        (await registry.AuthenticateAsync("ecg-1", other.Token, CancellationToken.None)).Should().BeNull("another device's token");
        (await registry.AuthenticateAsync("ecg-1", credential.Token + "x", CancellationToken.None)).Should().BeNull();
        (await registry.AuthenticateAsync("ecg-1", string.Empty, CancellationToken.None)).Should().BeNull();
        (await registry.AuthenticateAsync("ecg-9", credential.Token, CancellationToken.None)).Should().BeNull("an unknown device");
    }

    [Fact]
    public async Task Tokens_are_256_random_bits_and_never_stored_in_clear()
    {
        using var registry = new SqliteDeviceRegistry(_db.Path, _time);
        var tokens = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            tokens.Add((await registry.RegisterAsync($"oxi-{i}", "oximeter", "pharma-lyon-03", CancellationToken.None)).Token);
        }

        tokens.Should().OnlyHaveUniqueItems();
        tokens.Should().AllSatisfy(t => Convert.FromBase64String(t.Replace('-', '+').Replace('_', '/') + "=").Should().HaveCount(32));
        registry.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(Path.GetDirectoryName(_db.Path)!).Select(File.ReadAllBytes).Select(Encoding.ASCII.GetString).ToList();
        tokens.Should().AllSatisfy(t => files.Should().NotContain(f => f.Contains(t, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_device_id_is_registered_once()
    {
        using var registry = new SqliteDeviceRegistry(_db.Path, _time);
        var first = await registry.RegisterAsync("ecg-1", "ecg12", "pharma-lyon-03", CancellationToken.None);

        var again = () => registry.RegisterAsync("ecg-1", "ecg1", "pharma-paris-01", CancellationToken.None);

        await again.Should().ThrowAsync<InvalidOperationException>().WithMessage("*ecg-1*already registered*");
        (await registry.AuthenticateAsync("ecg-1", first.Token, CancellationToken.None))!.Site.Should().Be("pharma-lyon-03", "the first registration stands");
    }

    [Fact]
    public async Task A_revoked_device_is_refused_from_then_on_and_its_connections_are_told_once()
    {
        using var registry = new SqliteDeviceRegistry(_db.Path, _time);
        var credential = await registry.RegisterAsync("ecg-1", "ecg12", "pharma-lyon-03", CancellationToken.None);
        var told = new List<string>();
        registry.Revoked += told.Add;

        (await registry.RevokeAsync("ecg-1", CancellationToken.None)).Should().BeTrue();
        (await registry.RevokeAsync("ecg-1", CancellationToken.None)).Should().BeFalse("already revoked");
        (await registry.RevokeAsync("ecg-404", CancellationToken.None)).Should().BeFalse("unknown");

        told.Should().Equal("ecg-1");
        (await registry.AuthenticateAsync("ecg-1", credential.Token, CancellationToken.None)).Should().BeNull();
        (await registry.GetAsync("ecg-1", CancellationToken.None))!.State.Should().Be(DeviceState.Revoked);
    }

    [Fact]
    public async Task The_registry_survives_a_restart()
    {
        string token;
        using (var registry = new SqliteDeviceRegistry(_db.Path, _time))
        {
            token = (await registry.RegisterAsync("bp-1", "bp-cuff", "msp-nantes", CancellationToken.None)).Token;
            await registry.RegisterAsync("bp-2", "bp-cuff", "msp-nantes", CancellationToken.None);
            await registry.RevokeAsync("bp-2", CancellationToken.None);
        }

        using var reopened = new SqliteDeviceRegistry(_db.Path, _time);
        (await reopened.AuthenticateAsync("bp-1", token, CancellationToken.None)).Should().NotBeNull();
        (await reopened.ListAsync(CancellationToken.None)).Select(d => (d.Id, d.State)).Should().Equal(("bp-1", DeviceState.Active), ("bp-2", DeviceState.Revoked));
    }

    public void Dispose() => _db.Dispose();
}
