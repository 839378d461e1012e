using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TeleSante.Contracts.V1;
using TeleSante.Ingestion.DeadLetters;

namespace TeleSante.Ingestion.Tests.DeadLetters;

/// <summary>Issue 9: a 10 MB payload was kept whole, and dead letters were never deleted.</summary>
public sealed class DeadLetterStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private readonly string _path = Path.Combine(Path.GetTempPath(), "telesante-deadletters-" + Guid.NewGuid().ToString("N") + ".db");

    private static DeadLetter Letter(DateTimeOffset at, string device, int bytes, RejectReason reason = RejectReason.Malformed) =>
        new(0, at, "mqtt-json", device, null, reason, "detail", Enumerable.Range(0, bytes).Select(i => (byte)i).ToArray());

    [Fact]
    public async Task An_oversized_payload_is_kept_as_a_prefix_with_its_original_size()
    {
        using var store = new SqliteDeadLetterStore(_path, maxPayloadBytes: 4096);
        await store.AddAsync(Letter(T0, "big", 10_000_000), CancellationToken.None);
        await store.AddAsync(Letter(T0, "small", 100), CancellationToken.None);

        var letters = await store.ListAsync(null, 10, CancellationToken.None);
        var big = letters.Single(l => l.DeviceId == "big");
        big.Payload.Length.Should().Be(4096);
        big.Payload.ToArray().Should().Equal(Enumerable.Range(0, 4096).Select(i => (byte)i), "the prefix is the evidence");
        big.OriginalSize.Should().Be(10_000_000);
        big.PayloadTruncated.Should().BeTrue();
        var small = letters.Single(l => l.DeviceId == "small");
        small.PayloadTruncated.Should().BeFalse();
        small.OriginalSize.Should().Be(100);
        new FileInfo(_path).Length.Should().BeLessThan(1_000_000);
    }

    [Fact]
    public async Task Retention_deletes_by_age_then_oldest_first_by_size_and_records_what_it_deleted()
    {
        var clock = new FakeTimeProvider(T0);
        using var store = new SqliteDeadLetterStore(_path, maxPayloadBytes: 64 * 1024);
        var options = Options.Create(new DeadLetterOptions { MaxAge = TimeSpan.FromDays(30), MaxTotalBytes = 1024 * 1024, MaxPayloadBytes = 64 * 1024 });
        var retention = new DeadLetterRetention(store, options, clock, NullLogger<DeadLetterRetention>.Instance);

        await store.AddAsync(Letter(T0 - TimeSpan.FromDays(31), "old", 1000, RejectReason.BadTimestamp), CancellationToken.None);
        for (var i = 0; i < 20; i++)
        {
            // A flood from one device: 20 x 64 KiB = 1.25 MiB, over the 1 MiB budget.
            await store.AddAsync(Letter(T0 + TimeSpan.FromSeconds(i), "flood", 64 * 1024), CancellationToken.None);
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        var purged = await retention.PurgeOnceAsync(CancellationToken.None);

        purged.Should().ContainSingle(p => p.Cause == "age").Which.Should().Match<DeadLetterPurge>(p => p.DeviceId == "old" && p.Letters == 1 && p.Reason == "BadTimestamp");
        var bySize = purged.Should().ContainSingle(p => p.Cause == "size").Subject;
        bySize.DeviceId.Should().Be("flood");
        bySize.Letters.Should().Be(5, "1.25 MiB + details down to 1 MiB: the five oldest go");
        bySize.FirstReceivedAt.Should().Be(T0);
        bySize.LastReceivedAt.Should().Be(T0 + TimeSpan.FromSeconds(4));
        retention.PurgedLetters.Should().Be(6);

        var kept = await store.ListAsync(null, 100, CancellationToken.None);
        kept.Should().HaveCount(15);
        kept.Min(l => l.ReceivedAt).Should().Be(T0 + TimeSpan.FromSeconds(5), "the newest refusals are kept");

        var summary = await store.SummarizeAsync(10, CancellationToken.None);
        summary.Stored.Should().Be(15);
        summary.StoredBytes.Should().BeLessThanOrEqualTo(1024 * 1024);
        summary.PurgedLetters.Should().Be(6);
        summary.RecentPurges.Should().HaveCount(2);

        // Under the budget and nothing old: a second pass deletes nothing.
        (await retention.PurgeOnceAsync(CancellationToken.None)).Should().BeEmpty();
    }

    [Fact]
    public void Retention_options_that_would_keep_almost_nothing_are_refused()
    {
        var options = new DeadLetterOptions { MaxPayloadBytes = 1024 * 1024, MaxTotalBytes = 2 * 1024 * 1024 };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true).Should().BeFalse();
        results.Should().ContainSingle().Which.ErrorMessage.Should().Contain("MaxTotalBytes");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
