using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using TeleSante.Access.Audit;
using TeleSante.Clinical.Store;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.LiveView.Internal;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;
using Xunit.Abstractions;

namespace TeleSante.LiveView.Tests;

/// <summary>
/// The alert evaluator under load (issue 14): many sessions crossing thresholds at once, through the real gateway
/// (its alert queue, SQLite clinical store, audit trail, SignalR viewers). Every alert is stored once, audited once
/// and pushed once to its session's viewer, in order; a backlog is made durable in a few batches (one store
/// transaction and one audit write each), not one per alert; a batch that fails midway is retried whole.
/// </summary>
public sealed class VitalAlertBatchTests(InfluxFixture influx, ITestOutputHelper output) : IClassFixture<InfluxFixture>
{
    private const string Doctor = "dr-batch";
    private const long Second = 1_000_000_000;
    private const int Rounds = 10;
    private const int LogFailed = 4042;

    [Fact]
    public async Task Alerts_of_200_sessions_crossing_at_once_are_stored_audited_and_pushed_once_each_in_order_in_few_transactions()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url, testServices: FaultyAuditTrail.Decorate);
        var sessions = Enumerable.Range(0, 200).Select(i => $"cons-batch-{i:D3}").ToArray();
        var joining = System.Diagnostics.Stopwatch.StartNew();
        var viewers = await JoinAsync(gateway, sessions);
        output.WriteLine($"200 viewers joined in {joining.ElapsedMilliseconds} ms");
        try
        {
            var t0 = Ns.Now() - (60 * Second);
            var queue = gateway.Services.GetRequiredService<VitalAlertQueue>();
            var started = System.Diagnostics.Stopwatch.StartNew();
            // 2,000 readings accepted at once, round by round across the sessions (as devices interleave): each
            // session's SpO2 goes 85, 97, 85, 97...: 5 alerts raised and 5 episodes ended per session.
            for (var round = 0; round < Rounds; round++)
            {
                foreach (var session in sessions)
                {
                    Accept(queue, session, round, t0);
                }
            }

            await Eventually.UntilAsync(() => viewers.All(v => v.Alerts.Count >= Rounds), TimeSpan.FromSeconds(60), "every session's 10 alert messages");
            var elapsed = started.Elapsed;
            var verifying = System.Diagnostics.Stopwatch.StartNew();
            await VerifyAsync(gateway, sessions, viewers, t0);
            output.WriteLine($"verified in {verifying.ElapsedMilliseconds} ms");

            var store = gateway.Services.GetRequiredService<VitalAlertStore>();
            var audit = (FaultyAuditTrail)gateway.Services.GetRequiredService<IAuditTrail>();
            output.WriteLine($"2,000 readings, 1,000 alerts raised and 1,000 ended: {store.Batches} store transactions, {audit.AlertWrites} audit writes, " +
                $"all at the viewers after {elapsed.TotalMilliseconds:F0} ms (not asserted: this machine is shared)");
            // One transaction (and one audit write) per alert let the evaluator fall behind at 1,200 msg/s: 1,000
            // alerts here took 1,000 audit writes and 2,000 store transactions before batching.
            store.Batches.Should().BeInRange(1, (1000 / 20) - 1, "the backlog's raises and ends are stored in batches");
            audit.AlertWrites.Should().BeLessThan(1000 / 20, "the backlog's alerts are audited in batches");
            gateway.Log.VerifyNoUnexpectedErrors();
        }
        finally
        {
            await Task.WhenAll(viewers.Select(v => v.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task A_batch_that_fails_to_be_audited_or_stored_midway_is_retried_whole_and_nothing_is_doubled_missing_or_shown_unstored()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url, new Dictionary<string, string> { ["LiveView:AlertRetryMilliseconds"] = "100" },
            testServices: FaultyAuditTrail.Decorate);
        var sessions = Enumerable.Range(0, 40).Select(i => $"cons-retry-{i:D2}").ToArray();
        var viewers = await JoinAsync(gateway, sessions);
        try
        {
            var t0 = Ns.Now() - (60 * Second);
            var queue = gateway.Services.GetRequiredService<VitalAlertQueue>();
            var audit = (FaultyAuditTrail)gateway.Services.GetRequiredService<IAuditTrail>();
            var store = gateway.Services.GetRequiredService<VitalAlertStore>();
            // The clinical database refuses the alert of session 20's fifth reading (a full disk, say) until told
            // otherwise: a failure in the middle of the backlog's batch, after its earlier inserts and ends.
            var refused = sessions[20];
            await using var clinical = new SqliteConnection($"Data Source={Path.Combine(gateway.DataDirectory, "clinical.db")};Pooling=False");
            await clinical.OpenAsync();
            await ExecuteAsync(clinical, $"""
                CREATE TABLE refuse_switch (on_ INTEGER);
                INSERT INTO refuse_switch VALUES (1);
                CREATE TRIGGER refuse_alert BEFORE INSERT ON vital_alerts
                WHEN NEW.session_id = '{refused}' AND NEW.measured_at_ns = {t0 + (4 * Second)} AND EXISTS (SELECT 1 FROM refuse_switch)
                BEGIN SELECT RAISE(ABORT, 'injected failure'); END;
                """);

            // A first alert: its batch is stored, then its audit write waits while the backlog queues behind it, and fails.
            var held = audit.HoldThenFailNextAlertWrite();
            Accept(queue, sessions[0], 0, t0);
            await Eventually.UntilAsync(() => audit.AlertWrites == 1, TimeSpan.FromSeconds(10), "the first alert's audit write");
            for (var round = 0; round < Rounds; round++)
            {
                foreach (var session in sessions.Where((_, i) => round > 0 || i > 0))
                {
                    Accept(queue, session, round, t0);
                }
            }

            held.SetResult();
            await Eventually.UntilAsync(() => gateway.Log.Count(LogFailed) >= 3, TimeSpan.FromSeconds(10), "the audit failure, then the store failing twice");
            var failures = gateway.Log.Entries.Where(e => e.EventId.Id == LogFailed).Select(e => e.Message).ToList();
            failures[0].Should().Contain("(stored: True)", "the audit of the first batch failed after its store committed");
            failures.Skip(1).Should().OnlyContain(m => m.Contains("(stored: False)"), "then the backlog's batch failed to be stored, each retry");

            // While the backlog's batch is refused: only the first alert (stored and, on retry, audited) was shown.
            await Eventually.UntilAsync(() => viewers[0].Alerts.Count > 0, TimeSpan.FromSeconds(10), "the first alert, once audited");
            viewers[0].Alerts.Should().ContainSingle();
            viewers.Skip(1).Should().OnlyContain(v => v.Alerts.IsEmpty, "no viewer sees an alert that is not stored");
            (await store.ListAsync(sessions[19], 10, CancellationToken.None)).Should().BeEmpty("the batch is stored all or none");

            await ExecuteAsync(clinical, "DELETE FROM refuse_switch");
            await Eventually.UntilAsync(() => viewers.All(v => v.Alerts.Count >= Rounds), TimeSpan.FromSeconds(60), "every session's 10 alert messages");
            await VerifyAsync(gateway, sessions, viewers, t0);
            (await audit.VerifyAsync(CancellationToken.None)).Should().BeTrue("the failed writes left the audit chain intact");
            gateway.Log.VerifyNoUnexpectedErrors(LogFailed);
        }
        finally
        {
            await Task.WhenAll(viewers.Select(v => v.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Reading <paramref name="round"/> of the session's oximeter: SpO2 85 % (below 92: raises) on even
    /// rounds, 97 % (back in range: ends) on odd ones, one second apart.</summary>
    private static void Accept(VitalAlertQueue queue, string session, int round, long t0)
    {
        var batch = new ReadingBatch { DeviceId = "oxi-" + session, SessionId = session, Seq = (ulong)round + 1 };
        batch.Observations.Add(new Observation { MdcCode = CodeCatalog.SpO2, Value = round % 2 == 0 ? 85 : 97, Unit = "%", TimeNs = t0 + (round * Second) });
        queue.OnAccepted(batch);
    }

    /// <summary>Each session: its viewer got, in order, raise, end, raise, end... of 5 distinct alerts, each once;
    /// the store holds exactly those 5, ended; the audit trail records each exactly once.</summary>
    private static async Task VerifyAsync(LiveGateway gateway, string[] sessions, AlertViewer[] viewers, long t0)
    {
        var store = gateway.Services.GetRequiredService<VitalAlertStore>();
        var allIds = new List<string>();
        for (var s = 0; s < sessions.Length; s++)
        {
            // Messages reach a connection in the order they are sent, so a duplicate would be among these 10.
            var pushed = viewers[s].Alerts.Select(a => a.Alert).ToList();
            pushed.Select(a => (a.SessionId, a.MeasuredAtNs, a.EndedAtNs)).Should().Equal(
                Enumerable.Range(0, Rounds).Select(r => (sessions[s], t0 + (r / 2 * 2 * Second), r % 2 == 0 ? (long?)null : t0 + (r * Second))),
                "session {0}: raise then end, five times, in order, once each", sessions[s]);
            var ids = pushed.Where((_, i) => i % 2 == 0).Select(a => a.Id).ToList();
            pushed.Where((_, i) => i % 2 == 1).Select(a => a.Id).Should().Equal(ids, "each end is of the alert raised just before");
            ids.Should().OnlyHaveUniqueItems();

            var stored = await store.ListAsync(sessions[s], 100, CancellationToken.None);
            stored.OrderBy(a => a.MeasuredAtNs).Select(a => (a.Id, a.MeasuredAtNs, a.EndedAtNs)).Should().Equal(
                ids.Select((id, k) => (id, t0 + (2 * k * Second), (long?)(t0 + (((2 * k) + 1) * Second)))), "session {0}: every alert stored once, ended", sessions[s]);
            allIds.AddRange(ids);
        }

        var trail = await gateway.Services.GetRequiredService<IAuditTrail>().QueryAsync("gateway", null, 100_000, CancellationToken.None);
        trail.Where(r => r.Entry.Action == "vital-alert.raise").Select(r => r.Entry.Detail![..r.Entry.Detail!.IndexOf(':', StringComparison.Ordinal)])
            .Order(StringComparer.Ordinal).Should().Equal(allIds.Order(StringComparer.Ordinal), "every alert audited exactly once");
    }

    private static async Task<AlertViewer[]> JoinAsync(LiveGateway gateway, string[] sessions)
    {
        var viewers = new AlertViewer[sessions.Length];
        foreach (var session in sessions)
        {
            gateway.Authorizer.Assign(Doctor, session);
        }

        // A few joins at a time: the machine has two cores.
        await Parallel.ForEachAsync(Enumerable.Range(0, sessions.Length), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => viewers[i] = await AlertViewer.JoinAsync(gateway, Doctor, sessions[i], messagePack: true));
        return viewers;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
