namespace TeleSante.Testing;

/// <summary>What a <see cref="MosquittoServer"/> is configured with (mosquitto.conf(5)).</summary>
public sealed record MosquittoConfig
{
    /// <summary><c>allow_anonymous</c>: accept clients without a username. Default true.</summary>
    public bool AllowAnonymous { get; init; } = true;

    /// <summary>User name → password pairs written with <c>mosquitto_passwd -b</c> into a
    /// <c>password_file</c>. Empty (default): no password file.</summary>
    public IReadOnlyDictionary<string, string> Users { get; init; } = new Dictionary<string, string>();

    /// <summary><c>persistence</c>: keep retained messages, subscriptions and queued QoS 1/2 messages
    /// in <c>mosquitto.db</c> across restarts (saved on SIGTERM). Default false.</summary>
    public bool Persistence { get; init; }

    /// <summary><c>max_queued_messages</c> per offline persistent client; null keeps mosquitto's
    /// default (1000).</summary>
    public int? MaxQueuedMessages { get; init; }

    /// <summary><c>max_inflight_messages</c> per client; null keeps mosquitto's default (20).</summary>
    public int? MaxInflightMessages { get; init; }

    /// <summary>Raw lines appended to the generated config, for anything not covered above.</summary>
    public IReadOnlyList<string> ExtraLines { get; init; } = [];
}
