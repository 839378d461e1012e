using Microsoft.Extensions.Time.Testing;
using TeleSante.Access.Assignments;

namespace TeleSante.Access.Tests;

public sealed class AssignmentStoreTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_practitioner_is_assigned_to_a_session_until_the_assignment_is_removed()
    {
        using var store = new SqliteAssignmentStore(_db.Path, _time);
        await store.GrantAsync("cons-1", "dr-martin", "admin-1", CancellationToken.None);

        (await store.IsAssignedAsync("cons-1", "dr-martin", CancellationToken.None)).Should().BeTrue();
        (await store.IsAssignedAsync("cons-1", "dr-durand", CancellationToken.None)).Should().BeFalse("assigned is per practitioner");
        (await store.IsAssignedAsync("cons-2", "dr-martin", CancellationToken.None)).Should().BeFalse("and per session");

        (await store.RevokeAsync("cons-1", "dr-martin", CancellationToken.None)).Should().BeTrue();
        (await store.RevokeAsync("cons-1", "dr-martin", CancellationToken.None)).Should().BeFalse("nothing left to remove");
        (await store.IsAssignedAsync("cons-1", "dr-martin", CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public async Task Granting_twice_keeps_one_assignment()
    {
        using var store = new SqliteAssignmentStore(_db.Path, _time);
        await store.GrantAsync("cons-1", "dr-martin", "admin-1", CancellationToken.None);
        await store.GrantAsync("cons-1", "dr-martin", "admin-2", CancellationToken.None);

        (await store.SessionsOfAsync("dr-martin", CancellationToken.None)).Should().Equal("cons-1");
        (await store.RevokeAsync("cons-1", "dr-martin", CancellationToken.None)).Should().BeTrue();
        (await store.IsAssignedAsync("cons-1", "dr-martin", CancellationToken.None)).Should().BeFalse("one removal removes it");
    }

    [Fact]
    public async Task A_worklist_lists_the_newest_assignments_first_and_survives_a_restart()
    {
        using (var store = new SqliteAssignmentStore(_db.Path, _time))
        {
            foreach (var session in new[] { "cons-a", "cons-b", "cons-c" })
            {
                await store.GrantAsync(session, "dr-martin", "admin-1", CancellationToken.None);
                _time.Advance(TimeSpan.FromMinutes(1));
            }

            await store.GrantAsync("cons-z", "dr-durand", "admin-1", CancellationToken.None);
        }

        using var reopened = new SqliteAssignmentStore(_db.Path, _time);
        (await reopened.SessionsOfAsync("dr-martin", CancellationToken.None)).Should().Equal("cons-c", "cons-b", "cons-a");
        (await reopened.SessionsOfAsync("dr-nobody", CancellationToken.None)).Should().BeEmpty();
    }

    public void Dispose() => _db.Dispose();
}
