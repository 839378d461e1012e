using Xunit;

namespace TeleSante.Testing;

/// <summary>
/// xunit class fixture owning one anonymous, non-persistent <see cref="MosquittoServer"/> for all
/// tests of a class. Tests needing users or persistence start their own server.
/// </summary>
public sealed class MosquittoFixture : IAsyncLifetime
{
    private MosquittoServer? _server;

    /// <summary>The running broker; valid after xunit called <see cref="InitializeAsync"/>.</summary>
    public MosquittoServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>Shortcut for <c>Server.Port</c>.</summary>
    public int Port => Server.Port;

    public async Task InitializeAsync() => _server = await MosquittoServer.StartAsync().ConfigureAwait(false);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
