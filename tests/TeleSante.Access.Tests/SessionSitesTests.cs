using Microsoft.Data.Sqlite;
using TeleSante.Access.Assignments;

namespace TeleSante.Access.Tests;

public sealed class SessionSitesTests : IDisposable
{
    private readonly TempDatabase _db = new();

    [Fact]
    public async Task The_first_site_to_claim_a_session_owns_it()
    {
        using var sites = new SqliteSessionSites(_db.Path);
        sites.SiteOf("cons-1").Should().BeNull();

        (await sites.ClaimAsync("cons-1", "pharma-lyon-03", CancellationToken.None)).Should().Be("pharma-lyon-03");
        (await sites.ClaimAsync("cons-1", "msp-grenoble", CancellationToken.None)).Should().Be("pharma-lyon-03", "the session already belongs to Lyon");
        (await sites.ClaimAsync("cons-1", "pharma-lyon-03", CancellationToken.None)).Should().Be("pharma-lyon-03");
        sites.SiteOf("cons-1").Should().Be("pharma-lyon-03");
    }

    [Fact]
    public async Task Sites_racing_for_new_sessions_get_one_owner_each_and_it_is_the_one_on_disk()
    {
        const int sessions = 64;
        string[][] answers;
        using (var sites = new SqliteSessionSites(_db.Path))
        {
            // Every claim on a pool thread of its own: three sites' devices calling at once.
            answers = await Task.WhenAll(Enumerable.Range(0, sessions).Select(i => Task.WhenAll(
                new[] { "site-a", "site-b", "site-c" }.Select(site => Task.Run(async () => await sites.ClaimAsync("race-" + i, site, CancellationToken.None))))));
        }

        using var reopened = new SqliteSessionSites(_db.Path);
        for (var i = 0; i < sessions; i++)
        {
            answers[i].Distinct().Should().ContainSingle($"race-{i} belongs to one site");
            reopened.SiteOf("race-" + i).Should().Be(answers[i][0], "the owner every claimant was told is the one committed");
        }
    }

    [Fact]
    public async Task A_claim_is_committed_when_it_returns_and_survives_a_restart()
    {
        var sites = new SqliteSessionSites(_db.Path);
        (await sites.ClaimAsync("cons-7", "site-a", CancellationToken.None)).Should().Be("site-a");

        // Read through another connection while the store is still open: the row is in the file, not only in memory.
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _db.Path, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT site_id FROM session_site WHERE session_id = 'cons-7'";
            command.ExecuteScalar().Should().Be("site-a");
        }

        sites.Dispose();
        using var restarted = new SqliteSessionSites(_db.Path);
        restarted.SiteOf("cons-7").Should().Be("site-a");
        (await restarted.ClaimAsync("cons-7", "site-c", CancellationToken.None)).Should().Be("site-a", "a restart must not let another site take the session");
    }

    [Fact]
    public async Task A_known_session_is_answered_from_memory_even_while_the_database_is_locked()
    {
        using var sites = new SqliteSessionSites(_db.Path);
        await sites.ClaimAsync("cons-1", "site-a", CancellationToken.None);

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _db.Path, Pooling = false }.ToString());
        connection.Open();
        using var locked = connection.BeginTransaction(deferred: false);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = locked;
            command.CommandText = "PRAGMA locking_mode = EXCLUSIVE; INSERT INTO session_site VALUES ('lock', 'x')";
            command.ExecuteNonQuery();
        }

        var claim = sites.ClaimAsync("cons-1", "site-c", CancellationToken.None);
        claim.IsCompletedSuccessfully.Should().BeTrue("every batch of a known session asks; it must not wait for the disk");
        (await claim).Should().Be("site-a");
        locked.Rollback();
    }

    [Fact]
    public async Task The_database_is_the_truth_when_a_claim_finds_a_row_written_behind_its_back()
    {
        using var sites = new SqliteSessionSites(_db.Path);
        _db.Execute("INSERT INTO session_site VALUES ('cons-9', 'site-a')");

        (await sites.ClaimAsync("cons-9", "site-c", CancellationToken.None)).Should().Be("site-a");
        sites.SiteOf("cons-9").Should().Be("site-a");
    }

    public void Dispose() => _db.Dispose();
}
