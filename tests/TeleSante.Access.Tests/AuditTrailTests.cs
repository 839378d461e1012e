using Microsoft.Extensions.Time.Testing;
using TeleSante.Access.Audit;

namespace TeleSante.Access.Tests;

public sealed class AuditTrailTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Entries_come_back_newest_first_with_when_who_what_and_where()
    {
        using var trail = new SqliteAuditTrail(_db.Path, _time);
        await trail.RecordAsync(new AuditEntry("dr-martin", "recording.read", "session/cons-1", AuditEntry.Allowed, "10.0.0.7", "from 09:00 to 09:10"), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(3));
        await trail.RecordAsync(new AuditEntry("dr-durand", "live.join", "session/cons-2", AuditEntry.Denied, "10.0.0.8"), CancellationToken.None);

        var records = await trail.QueryAsync(null, null, 10, CancellationToken.None);

        records.Select(r => r.Entry.Actor).Should().Equal("dr-durand", "dr-martin");
        records[1].Entry.Should().Be(new AuditEntry("dr-martin", "recording.read", "session/cons-1", AuditEntry.Allowed, "10.0.0.7", "from 09:00 to 09:10"));
        records[1].At.Should().Be(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        records[0].At.Should().Be(new DateTimeOffset(2026, 12, 2, 9, 0, 3, TimeSpan.Zero));
        records[0].Entry.Detail.Should().BeNull();
    }

    [Fact]
    public async Task Queries_filter_by_actor_or_resource_and_respect_the_limit()
    {
        using var trail = new SqliteAuditTrail(_db.Path, _time);
        for (var i = 0; i < 5; i++)
        {
            await trail.RecordAsync(new AuditEntry("dr-martin", "recording.read", $"session/cons-{i % 2}", AuditEntry.Allowed, null), CancellationToken.None);
        }

        await trail.RecordAsync(new AuditEntry("admin-1", "assignment.grant", "session/cons-0", AuditEntry.Allowed, null), CancellationToken.None);

        (await trail.QueryAsync("dr-martin", null, 100, CancellationToken.None)).Should().HaveCount(5);
        (await trail.QueryAsync(null, "session/cons-0", 100, CancellationToken.None)).Should().HaveCount(4);
        (await trail.QueryAsync("admin-1", "session/cons-0", 100, CancellationToken.None)).Should().ContainSingle();
        (await trail.QueryAsync(null, null, 2, CancellationToken.None)).Select(r => r.Id).Should().Equal(6, 5);
    }

    [Fact]
    public async Task An_untouched_trail_verifies_and_keeps_its_chain_across_a_restart()
    {
        using (var trail = new SqliteAuditTrail(_db.Path, _time))
        {
            await trail.RecordAsync(new AuditEntry("dr-martin", "recording.read", "session/cons-1", AuditEntry.Allowed, null), CancellationToken.None);
            (await trail.VerifyAsync(CancellationToken.None)).Should().BeTrue();
        }

        using var reopened = new SqliteAuditTrail(_db.Path, _time);
        await reopened.RecordAsync(new AuditEntry("dr-martin", "image.view", "session/cons-1", AuditEntry.Allowed, null), CancellationToken.None);
        (await reopened.VerifyAsync(CancellationToken.None)).Should().BeTrue();
        var records = await reopened.QueryAsync(null, null, 10, CancellationToken.None);
        records.Select(r => r.Hash).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData("UPDATE audit SET outcome = 'allowed' WHERE id = 2", "an outcome rewritten")]
    [InlineData("UPDATE audit SET actor = 'someone-else' WHERE id = 1", "an actor rewritten")]
    [InlineData("UPDATE audit SET detail = NULL WHERE id = 3", "a detail erased")]
    [InlineData("UPDATE audit SET at_utc_ticks = at_utc_ticks + 1 WHERE id = 2", "a time moved")]
    [InlineData("DELETE FROM audit WHERE id = 2", "an entry in the middle removed")]
    [InlineData("DELETE FROM audit WHERE id = 3", "the newest entry removed while the gateway runs")]
    public async Task An_entry_altered_or_removed_in_the_database_breaks_verification(string tampering, string what)
    {
        using var trail = new SqliteAuditTrail(_db.Path, _time);
        await trail.RecordAsync(new AuditEntry("dr-martin", "recording.read", "session/cons-1", AuditEntry.Allowed, null), CancellationToken.None);
        await trail.RecordAsync(new AuditEntry("dr-martin", "live.join", "session/cons-9", AuditEntry.Denied, null, "not assigned"), CancellationToken.None);
        await trail.RecordAsync(new AuditEntry("dr-martin", "image.view", "session/cons-1", AuditEntry.Allowed, null, "image 3"), CancellationToken.None);

        _db.Execute(tampering).Should().Be(1);

        (await trail.VerifyAsync(CancellationToken.None)).Should().BeFalse(what + " must be detected");
    }

    [Fact]
    public async Task A_recorded_access_is_durable_before_record_returns()
    {
        // The store answers only once the row is committed: a second, independent connection sees it at once.
        using var trail = new SqliteAuditTrail(_db.Path, _time);
        await trail.RecordAsync(new AuditEntry("dr-martin", "recording.read", "session/cons-1", AuditEntry.Allowed, null), CancellationToken.None);

        _db.Execute("UPDATE audit SET remote = remote WHERE actor = 'dr-martin'").Should().Be(1);
    }

    [Fact]
    public async Task A_batch_of_entries_is_recorded_in_order_all_or_none_and_the_chain_still_verifies()
    {
        using var trail = new SqliteAuditTrail(_db.Path, _time);
        await trail.RecordAsync(new AuditEntry("dr-martin", "recording.read", "session/cons-1", AuditEntry.Allowed, null), CancellationToken.None);
        // The database refuses one entry of the next batch (standing for a full disk): none of the batch is recorded.
        _db.Execute("CREATE TRIGGER refuse BEFORE INSERT ON audit WHEN NEW.detail = 'refused' BEGIN SELECT RAISE(ABORT, 'injected failure'); END;");
        var failing = () => trail.RecordManyAsync(
        [
            new AuditEntry("gateway", "vital-alert.raise", "session/cons-2", AuditEntry.Allowed, null, "alert-1"),
            new AuditEntry("gateway", "vital-alert.raise", "session/cons-2", AuditEntry.Allowed, null, "refused"),
        ], CancellationToken.None);
        await failing.Should().ThrowAsync<Exception>();
        (await trail.QueryAsync(null, null, 10, CancellationToken.None)).Should().ContainSingle();
        (await trail.VerifyAsync(CancellationToken.None)).Should().BeTrue("a failed batch leaves the chain where it was");

        _time.Advance(TimeSpan.FromSeconds(1));
        var batch = Enumerable.Range(1, 3).Select(i => new AuditEntry("gateway", "vital-alert.raise", $"session/cons-{i}", AuditEntry.Allowed, null, $"alert-{i}")).ToList();
        await trail.RecordManyAsync(batch, CancellationToken.None);
        await trail.RecordAsync(new AuditEntry("dr-martin", "vital-alert.ack", "session/cons-2", AuditEntry.Allowed, null), CancellationToken.None);

        var records = await trail.QueryAsync(null, null, 10, CancellationToken.None);
        records.Select(r => (r.Id, r.Entry.Detail)).Should().Equal((5L, null), (4L, "alert-3"), (3L, "alert-2"), (2L, "alert-1"), (1L, null));
        records[1].At.Should().Be(new DateTimeOffset(2026, 12, 2, 9, 0, 1, TimeSpan.Zero));
        (await trail.VerifyAsync(CancellationToken.None)).Should().BeTrue();
    }

    public void Dispose() => _db.Dispose();
}
