using System.Text;
using TeleSante.Testing;

namespace TeleSante.Storage.Influx.Tests;

/// <summary>How the store reports what influxd 1.6 answers: partial writes, missing databases,
/// query errors, chunked results, retention policies.</summary>
public sealed class InfluxStoreBehaviourTests : IClassFixture<InfluxFixture>, IAsyncLifetime
{
    private readonly InfluxFixture _influx;
    private readonly RecordingLogger<InfluxV1Store> _log = new();
    private readonly string _database = InfluxFixture.NewDatabaseName();
    private readonly InfluxV1Store _store;

    public InfluxStoreBehaviourTests(InfluxFixture influx)
    {
        _influx = influx;
        _store = Stores.Create(influx.Url, _database, _log);
    }

    public async Task InitializeAsync() => await _store.EnsureDatabaseAsync(CancellationToken.None);

    public Task DisposeAsync()
    {
        _log.VerifyNoUnexpectedErrors();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Partial_write_is_BadRequest_with_influxdb_error_and_the_good_lines_are_stored()
    {
        var payload = Encoding.UTF8.GetBytes("pw v=1i 1\npw v=oops 2\npw v=3i 3\n");

        var result = await _store.WriteAsync(payload, CancellationToken.None);

        result.Outcome.Should().Be(StoreOutcome.BadRequest);
        result.StatusCode.Should().Be(400);
        result.Message.Should().Contain("unable to parse 'pw v=oops 2'");
        var rows = (await _store.QueryAsync("SELECT \"v\" FROM \"pw\"")).Single().Rows;
        rows.Select(r => r.GetInt64(1)).Should().Equal(1, 3);
        _log.Entries.Should().Contain(e => e.EventId.Id == 1001);
    }

    [Fact]
    public async Task Field_type_conflict_is_BadRequest_and_resending_line_by_line_isolates_the_bad_point()
    {
        using var first = new LineProtocolBuilder();
        first.Measurement("conflict").Field("v", 1.5).Timestamp(1);
        (await _store.WriteAsync(first)).IsSuccess.Should().BeTrue();

        using var batch = new LineProtocolBuilder();
        batch.Measurement("conflict").Field("v", 2.5).Timestamp(2);
        batch.Measurement("conflict").Field("v", 3L).Timestamp(3); // integer into a float field
        batch.Measurement("conflict").Field("v", 4.5).Timestamp(4);

        var result = await _store.WriteAsync(batch);
        result.Outcome.Should().Be(StoreOutcome.BadRequest);
        result.Message.Should().Contain("partial write").And.Contain("field type conflict").And.Contain("dropped=1");

        // What the pipeline does after a 400: resend each line alone; rewriting stored ones is harmless.
        var refused = new List<int>();
        for (var i = 0; i < batch.Lines.Count; i++)
        {
            var line = await _store.WriteAsync(batch.Written[batch.Lines[i]], CancellationToken.None);
            if (!line.IsSuccess)
            {
                line.Outcome.Should().Be(StoreOutcome.BadRequest);
                refused.Add(i);
            }
        }

        refused.Should().Equal(1);
        (await _store.QueryAsync("SELECT \"v\" FROM \"conflict\"")).Single().Rows.Select(r => r.GetDouble(1)).Should().Equal(1.5, 2.5, 4.5);
    }

    [Fact]
    public async Task Write_to_a_missing_database_is_Fatal_and_logged_as_an_error()
    {
        _log.ExpectErrors(1003);
        var store = Stores.Create(_influx.Url, "no_such_db_" + Guid.NewGuid().ToString("N"), _log);
        using var builder = new LineProtocolBuilder();
        builder.Measurement("m").Field("v", 1L).EndPoint();

        var result = await store.WriteAsync(builder);

        result.Outcome.Should().Be(StoreOutcome.Fatal);
        result.StatusCode.Should().Be(404);
        result.Message.Should().Contain("database not found");
        _log.Entries.Should().Contain(e => e.EventId.Id == 1003 && e.Level == Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task Empty_write_succeeds()
        => (await _store.WriteAsync(ReadOnlyMemory<byte>.Empty, CancellationToken.None)).Should().Be(new StoreWriteResult(StoreOutcome.Ok, 204, null));

    [Fact]
    public async Task Chunked_query_of_more_rows_than_one_chunk_is_merged_into_whole_series()
    {
        // influxd sends chunks of 10,000 rows; 2 series × 12,500 rows span three chunks each.
        using var builder = new LineProtocolBuilder();
        for (var batch = 0; batch < 5; batch++)
        {
            builder.Reset();
            for (var i = batch * 5_000; i < (batch + 1) * 5_000; i++)
            {
                builder.Measurement("big").Tag("lead", i % 2 == 0 ? "I" : "II").Field("v", (double)i).Timestamp(i);
            }

            (await _store.WriteAsync(builder)).IsSuccess.Should().BeTrue();
        }

        var series = await _store.QueryAsync("SELECT \"v\" FROM \"big\" GROUP BY \"lead\"; SELECT count(\"v\") FROM \"big\"");

        series.Should().HaveCount(3);
        series[0].Tags.Should().Equal(new Dictionary<string, string> { ["lead"] = "I" });
        series[0].Rows.Select(r => r.GetInt64(0)).Should().Equal(Enumerable.Range(0, 12_500).Select(i => 2L * i));
        series[1].Tags.Should().Equal(new Dictionary<string, string> { ["lead"] = "II" });
        series[1].Rows.Select(r => r.GetDouble(1)).Should().Equal(Enumerable.Range(0, 12_500).Select(i => (2.0 * i) + 1));
        series[2].StatementId.Should().Be(1);
        series[2].Rows.Single().GetInt64(series[2].IndexOf("count")).Should().Be(25_000);
    }

    [Fact]
    public async Task Query_syntax_error_throws_InfluxQueryException_BadRequest()
    {
        var act = () => _store.QueryAsync("SELEC * FROM nothing");

        var error = (await act.Should().ThrowAsync<InfluxQueryException>()).Which;
        error.Outcome.Should().Be(StoreOutcome.BadRequest);
        error.StatusCode.Should().Be(400);
        error.Message.Should().Contain("error parsing query");
    }

    [Fact]
    public async Task Statement_error_in_a_200_response_throws_with_its_statement_id()
    {
        var act = () => _store.QueryAsync($"SELECT * FROM \"x\"; SELECT * FROM {InfluxQl.QuoteIdentifier("nodb")}..\"x\"");

        var error = (await act.Should().ThrowAsync<InfluxQueryException>()).Which;
        error.StatusCode.Should().Be(200);
        error.StatementId.Should().Be(1);
        error.Message.Should().Contain("database not found");
    }

    [Fact]
    public async Task Query_of_nothing_returns_no_series()
        => (await _store.QueryAsync("SELECT * FROM \"never_written\"")).Should().BeEmpty();

    [Fact]
    public async Task Ping_reports_up_with_the_server_version()
    {
        var health = await _store.PingAsync(CancellationToken.None);

        health.IsUp.Should().BeTrue();
        health.Version.Should().StartWith("1.");
        health.Error.Should().BeNull();
    }

    [Fact]
    public async Task EnsureDatabase_is_idempotent_and_database_names_are_escaped_everywhere()
    {
        var name = "télé \"santé\" & co?x=#" + Guid.NewGuid().ToString("N")[..6];
        var store = Stores.Create(_influx.Url, name, _log);

        await store.EnsureDatabaseAsync(CancellationToken.None);
        await store.EnsureDatabaseAsync(CancellationToken.None);
        using var builder = new LineProtocolBuilder();
        builder.Measurement("m").Field("v", 7L).Timestamp(1);
        (await store.WriteAsync(builder)).IsSuccess.Should().BeTrue();

        (await store.QueryAsync("SELECT \"v\" FROM \"m\"")).Single().Rows.Single().GetInt64(1).Should().Be(7);
        var databases = (await store.QueryAsync("SHOW DATABASES")).Single().Rows.Select(r => r.GetString(0));
        databases.Should().Contain(name);
    }

    [Fact]
    public async Task RetentionPolicy_option_writes_and_queries_that_policy()
    {
        await _store.QueryAsync($"CREATE RETENTION POLICY \"short\" ON {InfluxQl.QuoteIdentifier(_database)} DURATION 1d REPLICATION 1");
        var shortStore = Stores.Create(_influx.Url, _database, _log, o => o.RetentionPolicy = "short");
        using var builder = new LineProtocolBuilder();
        builder.Measurement("rp").Field("v", 1L).Timestamp(DateTimeOffset.UtcNow);

        (await shortStore.WriteAsync(builder)).IsSuccess.Should().BeTrue();

        (await shortStore.QueryAsync("SELECT \"v\" FROM \"rp\"")).Should().ContainSingle();
        (await _store.QueryAsync("SELECT \"v\" FROM \"rp\"")).Should().BeEmpty("the default policy holds nothing");
    }

    [Fact]
    public async Task Points_older_than_the_retention_policy_are_a_BadRequest_partial_write()
    {
        await _store.QueryAsync($"CREATE RETENTION POLICY \"day\" ON {InfluxQl.QuoteIdentifier(_database)} DURATION 1d REPLICATION 1");
        var dayStore = Stores.Create(_influx.Url, _database, _log, o => o.RetentionPolicy = "day");
        using var builder = new LineProtocolBuilder();
        builder.Measurement("old").Field("v", 1L).Timestamp(1);

        var result = await dayStore.WriteAsync(builder);

        result.Outcome.Should().Be(StoreOutcome.BadRequest);
        result.Message.Should().Contain("points beyond retention policy");
    }
}
