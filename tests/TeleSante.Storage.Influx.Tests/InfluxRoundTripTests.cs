using TeleSante.Testing;

namespace TeleSante.Storage.Influx.Tests;

/// <summary>
/// What the builder writes is what a real influxd 1.x stores and the store reads back: every
/// escaping rule and number format checked end to end.
/// </summary>
public sealed class InfluxRoundTripTests : IClassFixture<InfluxFixture>, IAsyncLifetime
{
    private static readonly string[] TrickyTagValues =
    [
        "plain", "with space", "comma,inside", "equals=inside", "quote\"inside", "single'quote", @"back\slash", @"C:\temp\x",
        @"double\\back", " leading space", "trailing space ", ",=, =", "\"", "é", "漢字", "😀🫀", "👩‍⚕️", "tab\there",
        "cr\rhere", "#hash", "nul\0byte", "\u2028sep", "<&>", "\\u0041",
    ];

    private static readonly string[] TrickyStrings =
    [
        "", "plain", "say \"hi\"", @"C:\dir\", @"\\server\share", "\\\"", "line1\nline2", "\n", "\n\n\nend", "crlf\r\nx",
        "comma, equals= space", "é 漢字 😀", "'single'", "\"\\\"\\", "ends with backslash\\", "{\"json\": [1, 2]}",
    ];

    private readonly InfluxFixture _influx;
    private readonly RecordingLogger<InfluxV1Store> _log = new();
    private readonly string _database = InfluxFixture.NewDatabaseName();
    private readonly InfluxV1Store _store;

    public InfluxRoundTripTests(InfluxFixture influx)
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
    public async Task Tag_values_with_spaces_commas_equals_quotes_backslashes_and_unicode_round_trip_through_influxdb()
    {
        using var builder = new LineProtocolBuilder();
        for (var i = 0; i < TrickyTagValues.Length; i++)
        {
            builder.Measurement("tags").Tag("k", TrickyTagValues[i]).Field("i", (long)i).Timestamp(i);
        }

        (await _store.WriteAsync(builder)).Should().Be(new StoreWriteResult(StoreOutcome.Ok, 204, null));

        var series = await _store.QueryAsync("SELECT \"i\" FROM \"tags\" GROUP BY \"k\"");
        var read = series.ToDictionary(s => s.Rows.Single().GetInt64(1), s => s.Tags["k"]);
        read.Should().HaveCount(TrickyTagValues.Length);
        for (var i = 0; i < TrickyTagValues.Length; i++)
        {
            read[i].Should().Be(TrickyTagValues[i], "tag value #{0} must read back identical", i);
        }
    }

    [Fact]
    public async Task String_field_with_quotes_and_backslashes_round_trips_through_influxdb()
    {
        using var builder = new LineProtocolBuilder();
        for (var i = 0; i < TrickyStrings.Length; i++)
        {
            builder.Measurement("strings").Field("s", TrickyStrings[i]).Field("i", (long)i).Timestamp(i);
        }

        (await _store.WriteAsync(builder)).IsSuccess.Should().BeTrue();

        var rows = (await _store.QueryAsync("SELECT \"s\", \"i\" FROM \"strings\"")).Single().Rows;
        rows.Select(r => r.GetString(1)).Should().Equal(TrickyStrings);

        // And InfluxQl.QuoteString finds each one exactly, newlines and quotes included.
        foreach (var value in TrickyStrings)
        {
            if (value.Contains('\r', StringComparison.Ordinal))
            {
                FluentActions.Invoking(() => InfluxQl.QuoteString(value)).Should().Throw<ArgumentException>("InfluxQL has no CR escape");
                continue;
            }

            var match = await _store.QueryAsync($"SELECT \"i\" FROM \"strings\" WHERE \"s\" = {InfluxQl.QuoteString(value)}");
            match.Should().ContainSingle().Which.Rows.Should().ContainSingle()
                .Which.GetInt64(1).Should().Be(Array.IndexOf(TrickyStrings, value));
        }
    }

    [Fact]
    public async Task Tag_values_are_found_by_InfluxQl_QuoteString()
    {
        using var builder = new LineProtocolBuilder();
        for (var i = 0; i < TrickyTagValues.Length; i++)
        {
            builder.Measurement("tagwhere").Tag("k", TrickyTagValues[i]).Field("i", (long)i).Timestamp(i);
        }

        (await _store.WriteAsync(builder)).IsSuccess.Should().BeTrue();
        foreach (var (value, i) in TrickyTagValues.Select((v, i) => (v, i)).Where(x => x.v.AsSpan().IndexOfAny('\r', '\0') < 0))
        {
            var match = await _store.QueryAsync($"SELECT \"i\" FROM \"tagwhere\" WHERE \"k\" = {InfluxQl.QuoteString(value)}");
            match.Should().ContainSingle().Which.Rows.Single().GetInt64(1).Should().Be(i);
        }
    }

    [Fact]
    public async Task Measurement_tag_key_and_field_key_names_with_special_characters_round_trip()
    {
        string[] names = ["a,b", "a b", "a=b", "a\"b", "it's", @"a\b", "é漢😀", "time2", " x", "-", "select"];
        using var builder = new LineProtocolBuilder();
        foreach (var name in names)
        {
            builder.Measurement("names " + name).Tag("tag " + name, "v").Field("field " + name, 1L).Timestamp(1);
        }

        (await _store.WriteAsync(builder)).IsSuccess.Should().BeTrue();

        var measurements = (await _store.QueryAsync("SHOW MEASUREMENTS")).Single().Rows.Select(r => r.GetString(0));
        measurements.Should().Contain(names.Select(n => "names " + n));
        foreach (var name in names)
        {
            var from = InfluxQl.QuoteIdentifier("names " + name);
            (await _store.QueryAsync($"SHOW FIELD KEYS FROM {from}")).Single().Rows.Select(r => r.GetString(0)).Should().Equal("field " + name);
            (await _store.QueryAsync($"SHOW TAG KEYS FROM {from}")).Single().Rows.Select(r => r.GetString(0)).Should().Equal("tag " + name);
            var value = (await _store.QueryAsync($"SELECT {InfluxQl.QuoteIdentifier("field " + name)} FROM {from}")).Single();
            value.Columns.Should().Equal("time", "field " + name);
        }
    }

    [Fact]
    public async Task Doubles_read_back_bit_identical_even_when_json_prints_them_as_integers()
    {
        double[] values =
        [
            0.1, 1.0, -1.0, 0.0, -0.0, 1e-300, -1e-300, double.Epsilon, double.MaxValue, double.MinValue, 1.0 / 3.0, Math.PI,
            9007199254740993.0, 123456789012345678.0, 1e21, 1e22, 2.5e-8, 0.30000000000000004, 100.0, 65535.99999999999,
        ];
        using var builder = new LineProtocolBuilder();
        for (var i = 0; i < values.Length; i++)
        {
            builder.Measurement("doubles").Field("v", values[i]).Timestamp(i);
        }

        (await _store.WriteAsync(builder)).IsSuccess.Should().BeTrue();

        var rows = (await _store.QueryAsync("SELECT \"v\" FROM \"doubles\"")).Single().Rows;
        rows.Should().HaveCount(values.Length);
        rows[1][1].GetRawText().Should().Be("1", "InfluxDB 1.x prints the float 1.0 as a JSON integer");
        for (var i = 0; i < values.Length; i++)
        {
            BitConverter.DoubleToInt64Bits(rows[i].GetDouble(1)).Should().Be(BitConverter.DoubleToInt64Bits(values[i]),
                "{0:R} must read back bit-identical (JSON text {1})", values[i], rows[i][1].GetRawText());
        }
    }

    [Fact]
    public async Task Longs_booleans_and_timestamps_round_trip_including_extremes()
    {
        long[] values = [long.MinValue, long.MinValue + 1, -1, 0, 1, 9007199254740993, long.MaxValue];
        using var builder = new LineProtocolBuilder();
        for (var i = 0; i < values.Length; i++)
        {
            builder.Measurement("longs").Field("v", values[i]).Field("b", i % 2 == 0).Timestamp(i);
        }

        builder.Measurement("times").Field("v", 1L).Timestamp(LineProtocolBuilder.MinTimestamp);
        builder.Measurement("times").Field("v", 2L).Timestamp(-1);
        builder.Measurement("times").Field("v", 3L).Timestamp(1_700_000_000_123_456_789);
        builder.Measurement("times").Field("v", 4L).Timestamp(LineProtocolBuilder.MaxTimestamp);

        (await _store.WriteAsync(builder)).IsSuccess.Should().BeTrue();

        var longs = (await _store.QueryAsync("SELECT \"v\", \"b\" FROM \"longs\"")).Single().Rows;
        longs.Select(r => r.GetInt64(1)).Should().Equal(values);
        longs.Select(r => r.GetBoolean(2)).Should().Equal(values.Select((_, i) => i % 2 == 0));

        var times = (await _store.QueryAsync("SELECT \"v\" FROM \"times\"")).Single().Rows;
        times.Select(r => r.GetInt64(0)).Should().Equal(LineProtocolBuilder.MinTimestamp, -1, 1_700_000_000_123_456_789, LineProtocolBuilder.MaxTimestamp);
    }

    [Fact]
    public async Task Gzip_on_and_off_store_the_same_points()
    {
        var plainDatabase = InfluxFixture.NewDatabaseName();
        var plain = Stores.Create(_influx.Url, plainDatabase, _log, o => o.Gzip = false);
        await plain.EnsureDatabaseAsync(CancellationToken.None);
        using var builder = new LineProtocolBuilder();
        for (var i = 0; i < 3_000; i++)
        {
            builder.Measurement("gz").Tag("device", $"d{i % 7}").Field("v", i * 0.5).Field("s", "é\n\"").Timestamp(i);
        }

        (await _store.WriteAsync(builder)).IsSuccess.Should().BeTrue();
        (await plain.WriteAsync(builder)).IsSuccess.Should().BeTrue();

        var zipped = await _store.QueryAsync("SELECT * FROM \"gz\"");
        var unzipped = await plain.QueryAsync("SELECT * FROM \"gz\"");
        zipped.Single().Rows.Select(r => r.ToString()).Should().Equal(unzipped.Single().Rows.Select(r => r.ToString()));
        zipped.Single().Rows.Should().HaveCount(3_000);
    }

    [Fact]
    public async Task Random_unicode_strings_accepted_by_the_builder_round_trip_as_tags_and_fields()
    {
        // Property: whatever the builder accepts, influxd stores and returns unchanged.
        var random = new Random(7_031_977);
        var accepted = new List<(string Tag, string Field)>();
        using var builder = new LineProtocolBuilder();
        for (var i = 0; i < 1_500; i++)
        {
            var tag = RandomText.Next(random, 1, 12, allowNewlines: random.Next(20) == 0);
            var field = RandomText.Next(random, 0, 30, allowNewlines: true);
            try
            {
                builder.Measurement("random").Tag("k", tag).Field("s", field).Field("i", (long)accepted.Count).Timestamp(accepted.Count);
                accepted.Add((tag, field));
            }
            catch (ArgumentException)
            {
                // Refused input is the other half of the property, covered by the unit tests.
            }
        }

        accepted.Count.Should().BeGreaterThan(1_000, "most random strings are representable");
        (await _store.WriteAsync(builder)).Should().Be(new StoreWriteResult(StoreOutcome.Ok, 204, null));

        var read = new Dictionary<long, (string Tag, string Field)>();
        foreach (var series in await _store.QueryAsync("SELECT \"s\", \"i\" FROM \"random\" GROUP BY \"k\""))
        {
            foreach (var row in series.Rows)
            {
                read[row.GetInt64(2)] = (series.Tags["k"], row.GetString(1)!);
            }
        }

        read.Should().HaveCount(accepted.Count);
        for (var i = 0; i < accepted.Count; i++)
        {
            read[i].Should().Be(accepted[i], "point {0} must round-trip", i);
        }
    }

    [Fact]
    public async Task Random_names_accepted_by_the_builder_round_trip_as_measurements_and_keys()
    {
        var random = new Random(424_242);
        var measurements = new HashSet<string>();
        var fieldKeys = new HashSet<string>();
        var tagKeys = new HashSet<string>();
        using var builder = new LineProtocolBuilder();
        for (var i = 0; i < 300; i++)
        {
            var measurement = "rn" + RandomText.Next(random, 1, 10);
            var tagKey = RandomText.Next(random, 1, 10);
            var fieldKey = RandomText.Next(random, 1, 10);
            try
            {
                builder.Measurement(measurement).Tag(tagKey, "v").Field(fieldKey, 1L).Timestamp(i);
            }
            catch (ArgumentException)
            {
                continue;
            }

            measurements.Add(measurement);
            tagKeys.Add(tagKey);
            fieldKeys.Add(fieldKey);
        }

        measurements.Count.Should().BeGreaterThan(150);
        (await _store.WriteAsync(builder)).IsSuccess.Should().BeTrue();

        var shown = (await _store.QueryAsync("SHOW MEASUREMENTS WITH MEASUREMENT =~ /^rn/")).Single().Rows.Select(r => r.GetString(0)!);
        shown.Should().BeEquivalentTo(measurements);
        var shownFields = (await _store.QueryAsync("SHOW FIELD KEYS FROM /^rn/")).SelectMany(s => s.Rows.Select(r => r.GetString(0)!));
        shownFields.ToHashSet().Should().BeEquivalentTo(fieldKeys);
        var shownTags = (await _store.QueryAsync("SHOW TAG KEYS FROM /^rn/")).SelectMany(s => s.Rows.Select(r => r.GetString(0)!));
        shownTags.ToHashSet().Should().BeEquivalentTo(tagKeys);
    }
}
