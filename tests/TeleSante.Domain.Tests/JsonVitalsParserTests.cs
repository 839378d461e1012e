using System.Text;
using CsCheck;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Domain.Vitals;

namespace TeleSante.Domain.Tests;

public sealed class JsonVitalsParserTests
{
    private static (bool Ok, ReadingBatch Batch, string Error) Parse(string json)
    {
        var ok = JsonVitalsParser.TryParse(Encoding.UTF8.GetBytes(json), "cuff-1", "site-1", out var batch, out var error);
        return (ok, batch, error);
    }

    [Fact]
    public void The_documented_example_parses_with_codes_units_and_nanosecond_times()
    {
        var (ok, batch, error) = Parse("""
            {"seq": 42, "sessionId": "cons-0001", "deviceTime": "2026-11-22T10:15:30.120Z",
             "observations": [{"mdc": 150021, "loinc": "8480-6", "value": 128, "unit": "mm[Hg]", "time": "2026-11-22T10:15:29Z"},
                              {"mdc": "MDC_PULS_RATE_NON_INV", "value": 72, "unit": "/min", "time": "2026-11-22T11:15:29+01:00"}]}
            """);
        ok.Should().BeTrue(error);
        batch.DeviceId.Should().Be("cuff-1");
        batch.SiteId.Should().Be("site-1");
        batch.Seq.Should().Be(42);
        batch.DeviceTimeNs.Should().Be(1_795_342_530_120_000_000, "computed independently with Python datetime");
        batch.Observations.Should().HaveCount(2);
        batch.Observations[0].Should().BeEquivalentTo(new Observation { MdcCode = 150021, Loinc = "8480-6", Value = 128, Unit = "mm[Hg]", TimeNs = 1_795_342_529_000_000_000 });
        batch.Observations[1].MdcCode.Should().Be(CodeCatalog.PulseRateNonInvasive);
        batch.Observations[1].TimeNs.Should().Be(1_795_342_529_000_000_000, "+01:00 is converted to UTC");
    }

    [Fact]
    public void Catalog_codes_and_units_are_read_as_they_were_sent_and_shared_between_readings_while_other_text_is_kept_as_sent()
    {
        // Escaped, long and unknown strings too: the catalog's instance is only a saving, never a different value.
        var (ok, batch, error) = Parse("""
            {"seq": 1, "sessionId": "s", "deviceTime": 1,
             "observations": [{"mdc": 150021, "loinc": "8480-6", "value": 128, "unit": "mm[Hg]", "time": 1},
                              {"mdc": 150021, "loinc": "8480\u002D6", "value": 127, "unit": "mm\u005BHg]", "time": 2},
                              {"mdc": 150021, "loinc": "LP-not-a-code", "value": 126, "unit": "mm[hg]", "time": 3},
                              {"mdc": 150021, "loinc": "x-a-code-longer-than-thirty-two-characters", "value": 125, "unit": "mm[Hg]", "time": 4}]}
            """);

        ok.Should().BeTrue(error);
        batch.Observations.Select(o => o.Loinc).Should().Equal("8480-6", "8480-6", "LP-not-a-code", "x-a-code-longer-than-thirty-two-characters");
        batch.Observations.Select(o => o.Unit).Should().Equal("mm[Hg]", "mm[Hg]", "mm[hg]", "mm[Hg]");
        var systolic = CodeCatalog.FindObservation(CodeCatalog.BpSystolic)!;
        batch.Observations[0].Loinc.Should().BeSameAs(systolic.Loinc);
        batch.Observations[1].Loinc.Should().BeSameAs(systolic.Loinc, "the escaped form is the same code");
        batch.Observations[0].Unit.Should().BeSameAs(batch.Observations[1].Unit).And.BeSameAs(batch.Observations[3].Unit);
    }

    [Theory]
    [InlineData("""{"seq": 1, "sessionId": "s", "deviceTime": "2026-11-22T10:15:30", "observations": []}""", "no UTC offset")]
    [InlineData("""{"seq": 1, "sessionId": "s", "deviceTime": 1795393730120000000, "observations": [{"mdc": 150021, "vaule": 1, "unit": "mm[Hg]", "time": 1}]}""", "unknown member 'vaule'")]
    [InlineData("""{"seq": -1, "sessionId": "s", "deviceTime": 1, "observations": []}""", "seq must be a non-negative integer")]
    [InlineData("""{"sessionId": "s", "deviceTime": 1, "observations": []}""", "seq is required")]
    [InlineData("""{"seq": 1, "sessionId": "s", "deviceTime": 1}""", "observations (or events) is required")]
    [InlineData("""{"seq": 1, "sessionId": "s", "deviceTime": 1, "observations": [{"mdc": "MDC_NOT_A_CODE", "value": 1, "time": 1}]}""", "neither a numeric MDC code nor a known MDC reference id")]
    [InlineData("""{"seq": 1, "sessionId": "s", "deviceTime": 1, "observations": [{"mdc": 150021, "value": "128", "time": 1}]}""", "value must be a number")]
    [InlineData("""{"seq": 1, "sessionId": "s", "deviceTime": 1, "observations": [{"mdc": 150021, "unit": "mm[Hg]", "time": 1}]}""", "mdc, value and time are required")]
    [InlineData("""[1, 2]""", "must be a JSON object")]
    [InlineData("""{"seq": 1, "sessionId": """, "not valid JSON")]
    public void Bad_documents_are_refused_with_a_clear_reason(string json, string reason)
    {
        var (ok, _, error) = Parse(json);
        ok.Should().BeFalse();
        error.Should().Contain(reason);
    }

    // The parser reads the document in one pass (issue 14): these hold what the whole-document parse gave.
    [Theory]
    [InlineData("""{"seq": 1, "vaule": 2, "observations": [}""", "not valid JSON")]
    [InlineData("""{"seq": 1, "sessionId": "s", "deviceTime": 1, "observations": [{"mdc": 150021, "value": 1, "time": 1}]} trailing""", "not valid JSON")]
    [InlineData("""{"seq": 1, "se\u0071": 2, "sessionId": "s", "deviceTime": 1, "observations": []}""", "member 'seq' appears more than once")]
    [InlineData("""{"seq": 1, "sessionId": "s", "deviceTime": 1, "observations": [{"mdc": {"a": [1, 2]}, "value": 1, "time": 1}]}""", """mdc {"a": [1, 2]} is neither""")]
    [InlineData("""{"seq": 1, "sessionId": "s", "deviceTime": 1, "observations": [{"mdc": 150021, "value": 1, "time": -5}]}""", "time: -5 is outside 1 ..")]
    [InlineData("""{"seq": 1, "sessionId": "s", "deviceTime": "2026-11-22T10:15:30 and then enough words to make it longer than sixty-four characters Z", "observations": []}""", "is not an RFC 3339 time")]
    [InlineData("""{"seq": 1, "sessionId": "s", "deviceTime": 1, "observations": [[[[[[[[[1]]]]]]]]]}""", "not valid JSON")]
    public void Refusals_are_the_same_as_when_the_whole_document_was_parsed_first(string json, string reason)
    {
        var (ok, _, error) = Parse(json);
        ok.Should().BeFalse();
        error.Should().Contain(reason);
    }

    [Fact]
    public void Arbitrary_bytes_never_throw_and_either_parse_or_explain_why_not()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            var ok = JsonVitalsParser.TryParse(bytes, "d", "s", out _, out var error);
            return ok || error.Length > 0;
        }, iter: 5000);
    }

    [Fact]
    public void Any_valid_observation_round_trips_through_the_json_form()
    {
        var codes = CodeCatalog.AllObservations.ToArray();
        Gen.Select(Gen.Int[0, codes.Length - 1], Gen.Double[-1e6, 1e6], Gen.Long[1, 4_000_000_000_000_000_000], Gen.ULong[1, ulong.MaxValue])
            .Sample((index, value, time, seq) =>
            {
                var code = codes[index];
                var unit = code.Units[0].Ucum;
                var json = $$"""{"seq":{{seq}},"sessionId":"s1","deviceTime":{{time}},"observations":[{"mdc":"{{code.RefId}}","value":{{value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}},"unit":"{{unit}}","time":{{time}}}]}""";
                var (ok, batch, _) = Parse(json);
                return ok && batch.Seq == seq && batch.Observations[0].MdcCode == code.Mdc && batch.Observations[0].Value.Equals(value) && batch.Observations[0].TimeNs == time && batch.Observations[0].Unit == unit;
            }, iter: 2000);
    }
}
