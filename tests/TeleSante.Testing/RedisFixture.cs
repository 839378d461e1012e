using Xunit;

namespace TeleSante.Testing;

/// <summary>xunit class fixture owning one <see cref="RedisServer"/> for all tests of a class. Tests
/// that stop the server should restart it (<see cref="RedisServer.StartAgainAsync"/>) before they end.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;

    /// <summary>The running server; valid after xunit called <see cref="InitializeAsync"/>.</summary>
    public RedisServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>Shortcut for <c>Server.ConnectionString</c>.</summary>
    public string ConnectionString => Server.ConnectionString;

    public async Task InitializeAsync() => _server = await RedisServer.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
