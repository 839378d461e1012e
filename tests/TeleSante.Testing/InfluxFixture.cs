using Xunit;

namespace TeleSante.Testing;

/// <summary>
/// xunit class fixture owning one <see cref="InfluxDbServer"/> for all tests of a class
/// (<c>IClassFixture&lt;InfluxFixture&gt;</c>) or a collection. Tests share the server, so each
/// should use its own database from <see cref="NewDatabaseName"/>.
/// </summary>
public sealed class InfluxFixture : IAsyncLifetime
{
    private InfluxDbServer? _server;

    /// <summary>The running server; valid after xunit called <see cref="InitializeAsync"/>.</summary>
    public InfluxDbServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>Shortcut for <c>Server.Url</c>.</summary>
    public Uri Url => Server.Url;

    /// <summary>A database name no other test uses, e.g. <c>t_3f2a…</c> (valid bare InfluxQL identifier).</summary>
    public static string NewDatabaseName(string prefix = "t") => $"{prefix}_{Guid.NewGuid():N}";

    public async Task InitializeAsync() => _server = await InfluxDbServer.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
