using System.Text;
using Microsoft.Extensions.Time.Testing;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Domain.Validation;
using TeleSante.Domain.Vitals;

namespace TeleSante.Domain.Tests;

public sealed class DeviceEventValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly long NowNs = (Now.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
    private readonly BatchValidator _validator = new(new ValidationLimits(), new FakeTimeProvider(Now));

    private static ReadingBatch Events(params DeviceEvent[] events)
    {
        var batch = new ReadingBatch { DeviceId = "cuff-1", SiteId = "pharma-lyon-03", SessionId = "cons-1", Seq = 9, DeviceTimeNs = NowNs };
        batch.Events.Add(events);
        return batch;
    }

    private static DeviceEvent Event(string code = "cuff-loose", uint mdc = CodeCatalog.BpSystolic, string text = "E1", long? time = null) =>
        new() { Code = code, MdcCode = mdc, Text = text, TimeNs = time ?? NowNs - 1_000_000_000 };

    [Fact]
    public void A_cuff_that_could_not_measure_sends_a_batch_with_only_its_event_and_it_is_valid()
    {
        _validator.Validate(Events(Event())).IsValid.Should().BeTrue();
        _validator.Validate(Events(Event("probe-off", CodeCatalog.Pleth, ""), Event("low-battery", 0, ""))).IsValid.Should().BeTrue();
    }

    [Fact]
    public void An_empty_batch_is_still_refused()
    {
        _validator.Validate(Events()).Reason.Should().Be(RejectReason.Inconsistent);
    }

    [Theory]
    [InlineData("cuff_loose", CodeCatalog.BpSystolic, RejectReason.UnknownCode)]
    [InlineData("Cuff-Loose", CodeCatalog.BpSystolic, RejectReason.UnknownCode)]
    [InlineData("cuff-loose", 999_999u, RejectReason.UnknownCode)]
    public void Unknown_event_or_measurement_codes_are_refused_not_stored_as_free_text(string code, uint mdc, RejectReason expected)
    {
        var outcome = _validator.Validate(Events(Event(code, mdc)));

        outcome.Reason.Should().Be(expected);
        outcome.Detail.Should().StartWith("events[0]");
    }

    [Fact]
    public void Event_text_time_and_count_are_bounded()
    {
        _validator.Validate(Events(Event(text: new string('x', DeviceEventCatalog.MaxTextLength + 1)))).Reason.Should().Be(RejectReason.TooLarge);
        _validator.Validate(Events(Event(time: NowNs + 600_000_000_000))).Reason.Should().Be(RejectReason.BadTimestamp);
        _validator.Validate(Events([.. Enumerable.Range(0, 33).Select(_ => Event())])).Reason.Should().Be(RejectReason.TooLarge);
    }

    [Fact]
    public void The_json_form_carries_events_with_a_reference_id_or_a_numeric_code()
    {
        var json = """
            {"seq": 5, "sessionId": "cons-1", "deviceTime": "2026-11-22T09:59:59Z",
             "events": [{"code": "cuff-loose", "mdc": "MDC_PRESS_BLD_NONINV_SYS", "time": "2026-11-22T09:59:58.5Z", "text": "E1 cuff"},
                        {"code": "low-battery", "time": 1795428000000000000}]}
            """;

        JsonVitalsParser.TryParse(Encoding.UTF8.GetBytes(json), "cuff-1", "site-1", out var batch, out var error).Should().BeTrue(error);

        batch.Observations.Should().BeEmpty();
        batch.Events.Should().HaveCount(2);
        batch.Events[0].Should().Match<DeviceEvent>(e => e.Code == "cuff-loose" && e.MdcCode == CodeCatalog.BpSystolic && e.Text == "E1 cuff"
            && e.TimeNs == (new DateTimeOffset(2026, 11, 22, 9, 59, 58, 500, TimeSpan.Zero).UtcTicks - DateTime.UnixEpoch.Ticks) * 100);
        batch.Events[1].MdcCode.Should().Be(0u);
    }

    [Theory]
    [InlineData("""{"seq":1,"sessionId":"c","deviceTime":1,"events":[{"time":1}]}""", "code and time are required")]
    [InlineData("""{"seq":1,"sessionId":"c","deviceTime":1,"events":[{"code":"probe-off","time":1,"severity":"high"}]}""", "unknown member 'severity'")]
    [InlineData("""{"seq":1,"sessionId":"c","deviceTime":1,"events":{}}""", "events must be an array")]
    public void Bad_event_documents_are_refused_with_a_clear_reason(string json, string reason)
    {
        JsonVitalsParser.TryParse(Encoding.UTF8.GetBytes(json), "cuff-1", "site-1", out _, out var error).Should().BeFalse();
        error.Should().Contain(reason);
    }
}
