using System.Text;
using Microsoft.Extensions.Time.Testing;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Domain.Validation;
using TeleSante.Domain.Vitals;

namespace TeleSante.Domain.Tests;

/// <summary>Issue 9: device times that nanoseconds cannot hold, duplicate JSON members, the identifier
/// rule, and the chunk-end refusal.</summary>
public sealed class DeviceIntegrityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly long NowNs = (Now.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    private static (bool Ok, RejectReason Reason, string Error, ReadingBatch Batch) Parse(string json)
    {
        var ok = JsonVitalsParser.TryParse(Encoding.UTF8.GetBytes(json), "cuff-1", "site-1", out var batch, out var reason, out var error);
        return (ok, reason, error, batch);
    }

    private static string Vitals(string deviceTime = "\"2026-11-22T09:59:00Z\"", string observationTime = "\"2026-11-22T09:59:00Z\"", string eventTime = "\"2026-11-22T09:59:00Z\"") =>
        $$"""{"seq": 3, "sessionId": "cons-1", "deviceTime": {{deviceTime}}, "observations": [{"mdc": 150456, "value": 97, "unit": "%", "time": {{observationTime}}}], "events": [{"code": "low-battery", "time": {{eventTime}}}]}""";

    [Theory]
    [InlineData("\"2611-06-23T08:24:27Z\"")] // wrapped round to a time inside the window before the fix
    [InlineData("\"0001-01-01T00:00:00Z\"")] // wrapped round to 1754
    [InlineData("\"0001-01-01Z\"")]
    [InlineData("\"9999-12-31T23:59:59Z\"")]
    [InlineData("\"1969-12-31T23:59:59Z\"")]
    [InlineData("100000000000000000000")] // 1e20 ns: beyond int64
    [InlineData("-5")]
    public void A_json_device_time_that_int64_nanoseconds_cannot_hold_is_refused_as_a_bad_timestamp(string time)
    {
        foreach (var (json, where) in new[] { (Vitals(deviceTime: time), "deviceTime"), (Vitals(observationTime: time), "observations[0]: time"), (Vitals(eventTime: time), "events[0]: time") })
        {
            var (ok, reason, error, _) = Parse(json);
            ok.Should().BeFalse(json);
            reason.Should().Be(RejectReason.BadTimestamp, error);
            error.Should().StartWith(where).And.Contain("int64 nanoseconds since 1970");
        }
    }

    [Fact]
    public void The_last_time_nanoseconds_hold_is_converted_exactly_and_left_to_the_clock_window()
    {
        var (ok, _, error, batch) = Parse(Vitals(deviceTime: "\"2262-04-11T23:47:16.8547758Z\""));
        ok.Should().BeTrue(error);
        batch.DeviceTimeNs.Should().Be(9_223_372_036_854_775_800);

        var verdict = new BatchValidator(new ValidationLimits(), new FakeTimeProvider(Now)).Validate(batch);
        verdict.Reason.Should().Be(RejectReason.BadTimestamp);
        verdict.Detail.Should().Contain("device_time_ns 2262-04-11");
    }

    [Fact]
    public void A_malformed_json_time_stays_malformed()
    {
        var (ok, reason, _, _) = Parse(Vitals(deviceTime: "1.5"));
        ok.Should().BeFalse();
        reason.Should().Be(RejectReason.Malformed);
    }

    [Theory]
    [InlineData("""{"seq": 3, "sessionId": "cons-1", "sessionId": "cons-2", "deviceTime": "2026-11-22T09:59:00Z", "observations": [{"mdc": 150456, "value": 97, "unit": "%", "time": "2026-11-22T09:59:00Z"}]}""", "sessionId")]
    [InlineData("""{"seq": 3, "seq": 4, "sessionId": "cons-1", "deviceTime": "2026-11-22T09:59:00Z", "observations": [{"mdc": 150456, "value": 97, "unit": "%", "time": "2026-11-22T09:59:00Z"}]}""", "seq")]
    [InlineData("""{"seq": 3, "sessionId": "cons-1", "deviceTime": "2026-11-22T09:59:00Z", "observations": [{"mdc": 150456, "value": 97, "value": 55, "unit": "%", "time": "2026-11-22T09:59:00Z"}]}""", "observations[0]: member 'value'")]
    [InlineData("""{"seq": 3, "sessionId": "cons-1", "deviceTime": "2026-11-22T09:59:00Z", "observations": [], "observations": [{"mdc": 150456, "value": 97, "unit": "%", "time": "2026-11-22T09:59:00Z"}]}""", "observations")]
    [InlineData("""{"seq": 3, "sessionId": "cons-1", "deviceTime": "2026-11-22T09:59:00Z", "events": [{"code": "low-battery", "code": "cuff-loose", "time": "2026-11-22T09:59:00Z"}]}""", "events[0]: member 'code'")]
    [InlineData("""{"seq": 3, "sessionId": "cons-1", "session\u0049d": "cons-2", "deviceTime": "2026-11-22T09:59:00Z", "observations": []}""", "sessionId")]
    public void A_duplicate_json_member_at_any_level_is_refused_as_malformed_naming_it(string json, string expected)
    {
        var (ok, reason, error, _) = Parse(json);
        ok.Should().BeFalse();
        reason.Should().Be(RejectReason.Malformed);
        error.Should().Contain(expected).And.Contain("appears more than once");
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData(".hidden")]
    [InlineData("-rf")]
    [InlineData("_x")]
    [InlineData("a..b")]
    [InlineData("cons/1")]
    [InlineData("")]
    public void An_identifier_that_cannot_be_served_back_is_refused(string id)
    {
        Identifiers.IsValid(id).Should().BeFalse();
        var batch = new ReadingBatch { DeviceId = "cuff-1", SiteId = "site-1", SessionId = id, Seq = 1, DeviceTimeNs = NowNs };
        batch.Observations.Add(new Observation { MdcCode = CodeCatalog.SpO2, Value = 97, Unit = "%", TimeNs = NowNs });
        var verdict = new BatchValidator(new ValidationLimits(), new FakeTimeProvider(Now)).Validate(batch);
        verdict.Reason.Should().Be(RejectReason.BadIdentity);
        verdict.Detail.Should().Contain("session_id").And.Contain(Identifiers.Rule);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("cons-0001")]
    [InlineData("ph-lyon-03.ecg_1")]
    [InlineData("1.2.840.10008.5.1")] // a DICOM instance UID as a capture id
    [InlineData("a.")]
    public void Ordinary_identifiers_stay_valid(string id) => Identifiers.IsValid(id).Should().BeTrue();

    [Fact]
    public void A_chunk_whose_end_is_too_far_ahead_is_refused_naming_its_end_not_its_start()
    {
        var batch = new ReadingBatch { DeviceId = "ecg-1", SiteId = "site-1", SessionId = "cons-1", Seq = 1, DeviceTimeNs = NowNs };
        // Starts 1 s before the latest accepted time (now + 5 min) and lasts 10 s: 5000 samples at 500 Hz.
        var chunk = new WaveformChunk { StartTimeNs = NowNs + 299_000_000_000, SampleRateHz = 500 };
        var channel = new WaveformChannel { MdcCode = CodeCatalog.TwelveLeads[1], Gain = 1000, Unit = "mV" };
        channel.Samples.Add(Enumerable.Repeat(0, 5000));
        chunk.Channels.Add(channel);
        batch.Waveforms.Add(chunk);

        var verdict = new BatchValidator(new ValidationLimits(), new FakeTimeProvider(Now)).Validate(batch);
        verdict.Reason.Should().Be(RejectReason.BadTimestamp);
        verdict.Detail.Should().Contain("the chunk ends at 2026-11-22T10:05:09").And.Contain("5000 samples / 500 Hz").And.NotContain("is outside");
    }
}
