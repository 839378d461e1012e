using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.LiveView.Internal;

namespace TeleSante.LiveView.Tests;

/// <summary>The vitals alert rule table (LiveView:Alerts), its episodes, and the queue between ingestion and the
/// evaluator (issue 12), without a server.</summary>
public sealed class VitalAlertRuleTests
{
    private const long Second = 1_000_000_000;

    [Fact]
    public void The_default_rules_are_the_ones_the_viewer_applied()
    {
        // vitals.js DEFAULT_ALERTS before issue 12 (the browser computed the alerts).
        new LiveViewOptions().AlertRules().Select(r => (r.RefId, r.Unit, r.Below, r.AtOrAbove)).Should().BeEquivalentTo(new (string, string, double?, double?)[]
        {
            ("MDC_PULS_OXIM_SAT_O2", "%", 92, null),
            ("MDC_PRESS_BLD_NONINV_SYS", "mm[Hg]", 90, 180),
            ("MDC_PRESS_BLD_NONINV_DIA", "mm[Hg]", null, 110),
            ("MDC_ECG_HEART_RATE", "/min", 40, 130),
            ("MDC_PULS_OXIM_PULS_RATE", "/min", 40, 130),
            ("MDC_PULS_RATE_NON_INV", "/min", 40, 130),
            ("MDC_TEMP_BODY", "Cel", 35, 38.5),
            ("MDC_CONC_GLU_CAPILLARY_WHOLEBLOOD", "mmol/L", 3.9, 13.9),
        });
        Validate(new LiveViewOptions()).Should().BeEmpty();
    }

    [Fact]
    public void A_rule_the_gateway_could_not_apply_is_refused_at_start_up()
    {
        var options = new LiveViewOptions();
        options.Alerts["MDC_TEMP_BODY"] = new VitalAlertRange { Unit = "K", AtOrAbove = 311 };
        options.Alerts["MDC_PULS_OXIM_SAT_O2"] = new VitalAlertRange { Unit = "%", Below = 95, AtOrAbove = 90 };
        options.Alerts["MDC_NOT_A_CODE"] = new VitalAlertRange { Unit = "%", Below = 1 };
        options.Alerts["MDC_PULS_RATE_NON_INV"] = new VitalAlertRange { Unit = "/min" };
        options.Alerts["MDC_ECG_HEART_RATE"] = new VitalAlertRange { Unit = "/min", Below = 40, Severity = (VitalAlertSeverity)7 };
        Validate(options).Should().BeEquivalentTo(
            "LiveView:Alerts:MDC_TEMP_BODY: unit 'K' is not accepted for MDC_TEMP_BODY (Cel, [degF])",
            "LiveView:Alerts:MDC_PULS_OXIM_SAT_O2: Below (95) must be less than AtOrAbove (90)",
            "LiveView:Alerts:MDC_NOT_A_CODE: 'MDC_NOT_A_CODE' is not an observation code the gateway knows",
            "LiveView:Alerts:MDC_PULS_RATE_NON_INV: set Below, AtOrAbove or both",
            "LiveView:Alerts:MDC_ECG_HEART_RATE: Severity must be Low, Medium or High");
    }

    [Fact]
    public void Every_accepted_unit_of_a_ruled_code_converts_to_the_rule_unit()
    {
        foreach (var code in CodeCatalog.AllObservations)
        {
            foreach (var from in code.Units)
            {
                foreach (var to in code.Units)
                {
                    VitalUnits.Convert(1, from.Ucum, to.Ucum).Should().NotBeNull($"{code.RefId}: {from.Ucum} → {to.Ucum}");
                }
            }
        }

        VitalUnits.Convert(24, "kPa", "mm[Hg]").Should().BeApproximately(180.01, 0.01);
        VitalUnits.Convert(101.3, "[degF]", "Cel").Should().BeApproximately(38.5, 1e-9);
        VitalUnits.Convert(0.7, "g/L", "mmol/L").Should().BeApproximately(3.886, 0.001);
    }

    [Fact]
    public void The_ecg_analysis_rate_has_its_own_episodes_and_only_rules_that_take_it_apply()
    {
        var evaluator = new VitalAlertEvaluator(Options.Create(new LiveViewOptions()));
        VitalAlert? Rate(double bpm, long t) =>
            evaluator.Evaluate(new VitalReading("s1", "ecg", CodeCatalog.HeartRateEcg, bpm, "/min", t, 0, VitalAlert.EcgAnalysisSource, t - (3 * Second)), 42).Raised;

        var first = Rate(140, 10 * Second);
        first.Should().NotBeNull();
        first!.Source.Should().Be(VitalAlert.EcgAnalysisSource);
        first.MeasuredFromNs.Should().Be(7 * Second, "the span of the beats the rate was measured over");
        Rate(145, 11 * Second).Should().BeNull("the same episode");
        // The device's own HR reading back in range does not end the analysis's episode (and raises nothing).
        evaluator.Evaluate(new VitalReading("s1", "ecg", CodeCatalog.HeartRateEcg, 80, "/min", 12 * Second, 0), 42).Should().Be((null, null));
        Rate(150, 13 * Second).Should().BeNull("still the analysis's first episode");

        var off = new LiveViewOptions();
        off.Alerts["MDC_ECG_HEART_RATE"].FromEcgAnalysis = false;
        new VitalAlertEvaluator(Options.Create(off))
            .Evaluate(new VitalReading("s1", "ecg", CodeCatalog.HeartRateEcg, 200, "/min", Second, 0, VitalAlert.EcgAnalysisSource, 0), 42).Raised
            .Should().BeNull("the rule does not take the analysis's rate");

        var wrong = new LiveViewOptions();
        wrong.Alerts["MDC_PULS_OXIM_SAT_O2"].FromEcgAnalysis = true;
        Validate(wrong).Should().ContainSingle(e => e.Contains("FromEcgAnalysis applies only to MDC_ECG_HEART_RATE", StringComparison.Ordinal));
    }

    [Fact]
    public void One_alert_per_episode_the_first_reading_back_in_range_ends_it_and_a_late_reading_never_does()
    {
        var evaluator = new VitalAlertEvaluator(Options.Create(new LiveViewOptions()));
        var raised = new List<VitalAlert>();
        var ended = new List<string>();
        void Read(string device, uint mdc, double value, long t, string unit = "%")
        {
            var (end, alert) = evaluator.Evaluate(new VitalReading("s1", device, mdc, value, unit, t, 0), 42);
            if (end is not null)
            {
                ended.Add(end);
            }

            if (alert is not null)
            {
                raised.Add(alert);
            }
        }

        Read("oxi", CodeCatalog.SpO2, 96, 1 * Second);
        Read("oxi", CodeCatalog.SpO2, 91, 2 * Second);
        Read("oxi", CodeCatalog.SpO2, 85, 3 * Second);
        Read("oxi", CodeCatalog.SpO2, 97, 2500_000_000); // older than the episode's latest reading: does not end it
        Read("oxi-2", CodeCatalog.SpO2, 80, 3 * Second); // another device: its own episode
        raised.Select(a => (a.DeviceId, a.Value)).Should().Equal(("oxi", 91), ("oxi-2", 80));
        ended.Should().BeEmpty();

        Read("oxi", CodeCatalog.SpO2, 93, 4 * Second);
        ended.Should().Equal(raised[0].Id);
        Read("oxi", CodeCatalog.SpO2, 90, 5 * Second);
        raised.Should().HaveCount(3, "a new episode");

        // Systolic from below 90 to 180 or more: the low episode ends and a high one opens.
        Read("cuff", CodeCatalog.BpSystolic, 85, 1 * Second, "mm[Hg]");
        Read("cuff", CodeCatalog.BpSystolic, 185, 2 * Second, "mm[Hg]");
        raised.TakeLast(2).Select(a => (a.Direction, a.Limit)).Should().Equal((VitalAlert.BelowDirection, 90.0), (VitalAlert.AtOrAboveDirection, 180.0));
        ended.Should().HaveCount(2).And.EndWith(raised[3].Id);
        Read("cuff", CodeCatalog.BpMean, 200, 2 * Second, "mm[Hg]");
        raised.Should().HaveCount(5, "mean pressure has no rule");
        evaluator.OpenEpisodes.Should().Be(3, "oxi, oxi-2 and the cuff's high systolic");
    }

    [Fact]
    public async Task A_full_queue_overflows_in_order_counted_never_dropping_a_reading_nor_blocking_ingestion()
    {
        var options = new LiveViewOptions { AlertQueueReadings = 16 };
        var queue = new VitalAlertQueue(Options.Create(options), TimeProvider.System, NullLogger<VitalAlertQueue>.Instance);
        // Nobody reads: 100 batches of 3 readings, each OnAccepted returning at once.
        for (var b = 0; b < 100; b++)
        {
            var batch = new ReadingBatch { DeviceId = "oxi", SessionId = "s1", Seq = (ulong)b + 1 };
            for (var i = 0; i < 3; i++)
            {
                batch.Observations.Add(new Observation { MdcCode = CodeCatalog.SpO2, Value = 50 + i, Unit = "%", TimeNs = (b * 3 + i) * Second });
            }

            queue.OnAccepted(batch);
        }

        queue.Enqueued.Should().Be(300);
        queue.Overflowed.Should().Be(300 - 16);
        queue.Backlog.Should().Be(300 - 16);

        var times = new List<long>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 150; i++)
        {
            times.Add((await queue.ReadAsync(cts.Token)).TimeNs);
        }

        // More arrive while the backlog drains: they queue behind it.
        var late = new ReadingBatch { DeviceId = "oxi", SessionId = "s1", Seq = 101 };
        late.Observations.Add(new Observation { MdcCode = CodeCatalog.SpO2, Value = 70, Unit = "%", TimeNs = 300 * Second });
        queue.OnAccepted(late);
        for (var i = 0; i < 151; i++)
        {
            times.Add((await queue.ReadAsync(cts.Token)).TimeNs);
        }

        times.Should().Equal(Enumerable.Range(0, 301).Select(i => i * Second), "every reading, in acceptance order");
        queue.Backlog.Should().Be(0);
    }

    [Fact]
    public async Task The_evaluator_takes_the_backlog_in_batches_of_at_most_AlertMaxBatch_in_order_and_a_lone_reading_at_once()
    {
        var queue = new VitalAlertQueue(Options.Create(new LiveViewOptions { AlertQueueReadings = 16 }), TimeProvider.System, NullLogger<VitalAlertQueue>.Instance);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var batch = new List<VitalReading>();
        var pending = queue.ReadBatchAsync(batch, 50, cts.Token);
        Accept(queue, 0, 1);
        await pending;
        batch.Select(r => r.TimeNs).Should().Equal([0L], "a lone reading is not held back to fill a batch");

        // 120 readings: 16 in the channel, 104 in the overflow queue behind them.
        Accept(queue, 1, 120);
        var times = new List<long>();
        var sizes = new List<int>();
        while (times.Count < 120)
        {
            await queue.ReadBatchAsync(batch, 50, cts.Token);
            sizes.Add(batch.Count);
            times.AddRange(batch.Select(r => r.TimeNs));
        }

        sizes.Should().Equal(50, 50, 20);
        times.Should().Equal(Enumerable.Range(1, 120).Select(i => i * Second), "every reading, channel then overflow, in acceptance order");
        queue.Backlog.Should().Be(0);
        Validate(new LiveViewOptions { AlertMaxBatch = 0, AlertRetryMilliseconds = 1 }).Should().HaveCount(2, "refused at start-up");
    }

    private static void Accept(VitalAlertQueue queue, int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            var batch = new ReadingBatch { DeviceId = "oxi", SessionId = "s1", Seq = (ulong)i + 1 };
            batch.Observations.Add(new Observation { MdcCode = CodeCatalog.SpO2, Value = 80, Unit = "%", TimeNs = i * Second });
            queue.OnAccepted(batch);
        }
    }

    private static List<string> Validate(LiveViewOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }
}
