using TeleSante.Testing;

namespace TeleSante.Storage.Influx.Tests;

/// <summary>The mosquitto fixture, driven by mosquitto's own clients.</summary>
public sealed class MosquittoServerTests(MosquittoFixture mosquitto) : IClassFixture<MosquittoFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task MosquittoServer_accepts_a_publish_from_mosquitto_pub_that_mosquitto_sub_receives()
    {
        var topic = "telesante/test/" + Guid.NewGuid().ToString("N");
        await using var subscriber = ExternalProcess.Start("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", $"{mosquitto.Port}", "-i", "sub-" + Guid.NewGuid().ToString("N")[..8], "-t", topic, "-q", "1", "-C", "1", "-d"],
            new ExternalProcessOptions { LineBuffered = true });
        await subscriber.WaitForOutputAsync("received SUBACK", Timeout);

        var exitCode = await PublishAsync(mosquitto.Port, topic, "héllo 漢字", "-i", "test");

        exitCode.Should().Be(0);
        (await subscriber.WaitForExitAsync(Timeout)).Should().Be(0);
        subscriber.RecentOutputLines.Should().Contain("out: héllo 漢字");
    }

    [Fact]
    public async Task Password_users_can_publish_and_anonymous_or_wrong_passwords_are_refused()
    {
        await using var broker = await MosquittoServer.StartAsync(new MosquittoConfig
        {
            AllowAnonymous = false,
            Users = new Dictionary<string, string> { ["device-1"] = "s3cret", ["device-2"] = "other" },
        });

        (await PublishAsync(broker.Port, "t", "m", "-i", "d1", "-u", "device-1", "-P", "s3cret")).Should().Be(0);
        (await PublishAsync(broker.Port, "t", "m", "-i", "d2", "-u", "device-2", "-P", "other")).Should().Be(0);
        (await PublishAsync(broker.Port, "t", "m", "-i", "d3", "-u", "device-1", "-P", "wrong")).Should().NotBe(0);
        (await PublishAsync(broker.Port, "t", "m", "-i", "anon")).Should().NotBe(0);
    }

    [Fact]
    public async Task Persistent_broker_keeps_queued_QoS1_messages_across_StartAgain()
    {
        await using var broker = await MosquittoServer.StartAsync(new MosquittoConfig { Persistence = true, MaxQueuedMessages = 100 });
        string[] session = ["-h", "127.0.0.1", "-p", $"{broker.Port}", "-i", "gateway", "-c", "-q", "1", "-t", "readings"];

        // A persistent session (-c) subscribes, then goes away: messages for it are queued.
        await using (var subscribe = ExternalProcess.Start("mosquitto_sub", [.. session, "-E"]))
        {
            (await subscribe.WaitForExitAsync(Timeout)).Should().Be(0);
        }

        (await PublishAsync(broker.Port, "readings", "queued-1", "-i", "device", "-q", "1")).Should().Be(0);
        await broker.StopAsync();
        broker.IsRunning.Should().BeFalse();
        await broker.StartAgainAsync();

        await using var resume = ExternalProcess.Start("mosquitto_sub", [.. session, "-C", "1", "-W", "10"]);
        (await resume.WaitForExitAsync(Timeout)).Should().Be(0, resume.RecentOutput);
        resume.RecentOutputLines.Should().Contain("out: queued-1");
        File.Exists(Path.Combine(broker.PersistenceDirectory, "mosquitto.db")).Should().BeTrue();
    }

    private static async Task<int> PublishAsync(int port, string topic, string message, params string[] options)
    {
        await using var publisher = ExternalProcess.Start("mosquitto_pub", ["-h", "127.0.0.1", "-p", $"{port}", "-t", topic, "-m", message, .. options]);
        return await publisher.WaitForExitAsync(Timeout);
    }
}
