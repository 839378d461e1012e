using Microsoft.Extensions.Time.Testing;
using TeleSante.Domain.Codes;
using TeleSante.FirmwareSim.Devices.Vitals;
using TeleSante.FirmwareSim.Tests.Support;

namespace TeleSante.FirmwareSim.Tests.Vitals;

public sealed class BloodPressureCuffTests
{
    private static BloodPressureCuff Cuff(BloodPressureProfile profile = BloodPressureProfile.Normotensive, int seed = 7, TimeProvider? time = null) => new(new BloodPressureCuffOptions
    {
        DeviceId = "ph-lyon-03-bp1",
        SiteId = "pharma-lyon-03",
        Profile = profile,
        Seed = seed,
        FirstSeq = 1000,
        TimeProvider = time ?? TimeProvider.System,
    });

    [Fact]
    public void A_successful_measurement_sends_systolic_diastolic_mean_and_pulse_with_the_gateways_codes_at_the_end_of_the_cycle()
    {
        var cuff = Cuff();
        var m = cuff.Measure("cons-0001", TestTimes.MorningNs);

        m.Outcome.Should().Be(CuffOutcome.Success);
        m.Batch.Should().NotBeNull();
        var batch = m.Batch!;
        batch.DeviceId.Should().Be("ph-lyon-03-bp1");
        batch.SiteId.Should().Be("pharma-lyon-03");
        batch.SessionId.Should().Be("cons-0001");
        batch.Seq.Should().Be(1000);
        batch.Observations.Select(o => o.MdcCode).Should().Equal(CodeCatalog.BpSystolic, CodeCatalog.BpDiastolic, CodeCatalog.BpMean, CodeCatalog.PulseRateNonInvasive);
        batch.Observations.Select(o => o.Loinc).Should().Equal("8480-6", "8462-4", "8478-0", "8867-4");
        batch.Observations.Select(o => o.Unit).Should().Equal("mm[Hg]", "mm[Hg]", "mm[Hg]", "/min");
        batch.Observations.Select(o => o.Value).Should().Equal(m.SystolicMmHg!.Value, m.DiastolicMmHg!.Value, m.MeanMmHg!.Value, m.PulseRatePerMin!.Value);
        foreach (var observation in batch.Observations)
        {
            observation.ShouldBeAcceptedByTheCatalog();
            observation.TimeNs.Should().Be(m.EndTimeNs, "a cuff stamps its reading when the cycle ends");
        }

        batch.DeviceTimeNs.Should().Be(m.EndTimeNs);
        batch.ShouldPassTheGatewayValidator();
    }

    [Fact]
    public void A_cycle_inflates_above_systolic_then_deflates_slowly_then_dumps_and_lasts_tens_of_seconds()
    {
        var m = Cuff().Measure("cons-0001", TestTimes.MorningNs);

        m.Phases.Select(p => p.Phase).Should().Equal(CuffPhase.Inflating, CuffPhase.Deflating, CuffPhase.Exhausting);
        m.Phases[0].StartNs.Should().Be(m.StartTimeNs);
        m.Phases[0].EndNs.Should().Be(m.Phases[1].StartNs);
        m.Phases[1].EndNs.Should().Be(m.Phases[2].StartNs);
        m.Phases[2].EndNs.Should().Be(m.EndTimeNs);
        m.Phases[0].EndPressureMmHg.Should().BeGreaterThan(m.Patient.SystolicMmHg, "the cuff must occlude the artery first");
        m.Phases[1].EndPressureMmHg.Should().BeLessThan(m.Patient.DiastolicMmHg);
        m.Phases[2].EndPressureMmHg.Should().Be(0);
        m.Duration.Should().BeGreaterThan(TimeSpan.FromSeconds(20)).And.BeLessThan(TimeSpan.FromSeconds(180), "IEC 80601-2-30 caps an adult measurement at 180 s");
        m.Beats.Should().HaveCountGreaterThan(15);
        m.Beats.Select(b => b.CuffPressureMmHg).Should().BeInDescendingOrder("the beats are recorded while the cuff deflates");
    }

    [Fact]
    public void Readings_of_85_subjects_meet_the_ISO_81060_2_accuracy_criterion_against_their_true_pressures()
    {
        // ISO 81060-2 validates a cuff on 85 subjects: mean error within ±5 mmHg, standard deviation within 8 mmHg.
        var cuff = Cuff(seed: 81060);
        var errors = Enumerable.Range(0, 85)
            .Select(i => cuff.Measure($"subject-{i}", TestTimes.MorningNs + (i * 120_000_000_000L)))
            .Where(m => m.Succeeded)
            .Select(m => (Sys: m.SystolicMmHg!.Value - m.Patient.SystolicMmHg, Dia: m.DiastolicMmHg!.Value - m.Patient.DiastolicMmHg))
            .ToList();

        errors.Should().HaveCount(85, "no fault was injected");
        foreach (var series in new[] { errors.Select(e => e.Sys).ToList(), errors.Select(e => e.Dia).ToList() })
        {
            var mean = series.Average();
            var sd = Math.Sqrt(series.Sum(e => (e - mean) * (e - mean)) / (series.Count - 1));
            mean.Should().BeInRange(-5, 5);
            sd.Should().BeLessThan(8);
        }
    }

    [Theory]
    [InlineData(BloodPressureProfile.Normotensive, 95, 140, 55, 90, 8)]
    [InlineData(BloodPressureProfile.Hypertensive, 130, 210, 78, 125, 8)]
    [InlineData(BloodPressureProfile.AtrialFibrillation, 95, 190, 55, 110, 12)]
    public void Each_profile_reads_in_its_physiological_range_with_the_mean_between_diastolic_and_systolic(BloodPressureProfile profile, int minSys, int maxSys, int minDia, int maxDia, int meanTolerance)
    {
        var cuff = Cuff(profile, seed: 3);
        for (var i = 0; i < 30; i++)
        {
            var m = cuff.Measure("cons-range", TestTimes.MorningNs + (i * 120_000_000_000L));
            m.Outcome.Should().Be(CuffOutcome.Success);
            m.SystolicMmHg.Should().BeInRange(minSys, maxSys);
            m.DiastolicMmHg.Should().BeInRange(minDia, maxDia);
            m.MeanMmHg.Should().BeGreaterThan(m.DiastolicMmHg!.Value).And.BeLessThan(m.SystolicMmHg!.Value);
            var oneThirdRule = m.DiastolicMmHg.Value + ((m.SystolicMmHg.Value - m.DiastolicMmHg.Value) / 3.0);
            m.MeanMmHg!.Value.Should().BeInRange((int)(oneThirdRule - meanTolerance), (int)(oneThirdRule + meanTolerance), "the envelope's maximum sits near the one-third rule (less precisely with AF's beat-to-beat variation)");
            m.PulseRatePerMin.Should().BeInRange(40, 180);
            m.Batch!.ShouldPassTheGatewayValidator();
        }
    }

    [Fact]
    public void Atrial_fibrillation_raises_the_irregular_pulse_indicator_and_sinus_rhythm_does_not()
    {
        var af = Cuff(BloodPressureProfile.AtrialFibrillation, seed: 11);
        var sinus = Cuff(BloodPressureProfile.Hypertensive, seed: 11);
        var afReadings = Enumerable.Range(0, 20).Select(i => af.Measure("af", TestTimes.MorningNs + (i * 120_000_000_000L))).ToList();
        var sinusReadings = Enumerable.Range(0, 20).Select(i => sinus.Measure("sinus", TestTimes.MorningNs + (i * 120_000_000_000L))).ToList();

        afReadings.Count(m => m.IrregularPulse).Should().BeGreaterThanOrEqualTo(18);
        sinusReadings.Should().OnlyContain(m => !m.IrregularPulse);
        afReadings.Where(m => m.Succeeded).Should().HaveCountGreaterThanOrEqualTo(18, "AF makes the envelope noisier, not unreadable");
    }

    [Theory]
    [InlineData(CuffFault.LooseCuff, CuffOutcome.CuffLoose)]
    [InlineData(CuffFault.Motion, CuffOutcome.MotionArtefact)]
    public void An_injected_fault_ends_the_cycle_with_its_error_sent_as_an_event_and_no_value(CuffFault fault, CuffOutcome expected)
    {
        var cuff = Cuff();
        var completed = new List<CuffMeasurement>();
        var failed = new List<CuffMeasurement>();
        cuff.Completed += completed.Add;
        cuff.Failed += failed.Add;

        var m = cuff.Measure("cons-fault", TestTimes.MorningNs, fault: fault);

        m.Outcome.Should().Be(expected);
        m.Succeeded.Should().BeFalse();
        m.SystolicMmHg.Should().BeNull();
        m.DiastolicMmHg.Should().BeNull();
        m.MeanMmHg.Should().BeNull();
        m.PulseRatePerMin.Should().BeNull();
        m.Batch!.Observations.Should().BeEmpty("a cuff sends no value rather than a wrong one");
        var sent = m.Batch.Events.Should().ContainSingle().Subject;
        sent.Code.Should().Be(expected == CuffOutcome.CuffLoose ? "cuff-loose" : "motion-artefact");
        sent.MdcCode.Should().Be(CodeCatalog.BpSystolic);
        sent.TimeNs.Should().Be(m.EndTimeNs);
        m.Batch.ShouldPassTheGatewayValidator();
        m.ToVitalsJson().Should().Contain("\"events\"").And.Contain(sent.Code);
        failed.Should().ContainSingle().Which.Should().BeSameAs(m);
        completed.Should().BeEmpty();

        var next = cuff.Measure("cons-fault", m.EndTimeNs + 30_000_000_000);
        next.Batch!.Seq.Should().Be(m.Batch.Seq + 1, "the error was sent, so it took a sequence number");
    }

    [Fact]
    public void A_loose_cuff_gives_up_when_its_inflation_timeout_expires_without_building_pressure()
    {
        var m = Cuff().Measure("cons-loose", TestTimes.MorningNs, fault: CuffFault.LooseCuff);

        m.Phases.Select(p => p.Phase).Should().Equal(CuffPhase.Inflating, CuffPhase.Exhausting);
        m.Phases[0].Duration.Should().Be(TimeSpan.FromSeconds(10));
        m.Phases[0].EndPressureMmHg.Should().BeLessThan(20);
        m.Beats.Should().BeEmpty();
    }

    [Theory]
    [InlineData(320, 180, 80)]
    [InlineData(120, 80, 30)]
    [InlineData(120, 80, 200)]
    public void Pressures_above_the_300_mmHg_cuff_limit_or_a_pulse_outside_40_to_180_are_out_of_range_with_no_value(double sys, double dia, double pulse)
    {
        var m = Cuff().Measure("cons-oor", TestTimes.MorningNs, new BloodPressurePatient(sys, dia, pulse));

        m.Outcome.Should().Be(CuffOutcome.OutOfRange);
        m.Batch!.Observations.Should().BeEmpty();
        m.Batch.Events.Should().ContainSingle().Which.Code.Should().Be("out-of-range");
        m.SystolicMmHg.Should().BeNull();
        m.Phases.Max(p => Math.Max(p.StartPressureMmHg, p.EndPressureMmHg)).Should().BeLessThanOrEqualTo(300, "IEC 80601-2-30 limits adult cuff pressure to 300 mmHg");
    }

    [Fact]
    public void The_same_seed_gives_the_same_measurements()
    {
        var a = Cuff(BloodPressureProfile.AtrialFibrillation, seed: 5);
        var b = Cuff(BloodPressureProfile.AtrialFibrillation, seed: 5);
        for (var i = 0; i < 5; i++)
        {
            var t = TestTimes.MorningNs + (i * 90_000_000_000L);
            var ma = a.Measure("s", t);
            var mb = b.Measure("s", t);
            (ma.SystolicMmHg, ma.DiastolicMmHg, ma.MeanMmHg, ma.PulseRatePerMin, ma.EndTimeNs).Should().Be((mb.SystolicMmHg, mb.DiastolicMmHg, mb.MeanMmHg, mb.PulseRatePerMin, mb.EndTimeNs));
            ma.Batch.Should().Be(mb.Batch);
        }
    }

    [Fact]
    public void Without_a_first_seq_the_device_counts_from_its_clock_in_milliseconds_so_a_restart_keeps_counting_up()
    {
        var clock = new FakeTimeProvider(TestTimes.Morning);
        var first = Cuff(time: clock);
        var unconfigured = new BloodPressureCuff(first.Options with { FirstSeq = null });
        var m = unconfigured.Measure("cons-seq", TestTimes.MorningNs);
        m.Batch!.Seq.Should().Be((ulong)TestTimes.Morning.ToUnixTimeMilliseconds());

        clock.Advance(TimeSpan.FromMinutes(5));
        var restarted = new BloodPressureCuff(first.Options with { FirstSeq = null });
        restarted.Measure("cons-seq", TestTimes.MorningNs + 300_000_000_000).Batch!.Seq.Should().BeGreaterThan(m.Batch.Seq);
    }

    [Fact]
    public async Task In_real_time_the_result_arrives_only_when_the_cycle_ends_with_each_phase_announced_on_the_way()
    {
        var clock = new FakeTimeProvider(TestTimes.Morning);
        var cuff = Cuff(time: clock);
        var phases = new List<CuffPhase>();
        CuffMeasurement? completed = null;
        cuff.PhaseStarted += p => { lock (phases) { phases.Add(p.Phase); } };
        cuff.Completed += m => completed = m;

        var measuring = cuff.MeasureAsync("cons-rt");
        clock.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        measuring.IsCompleted.Should().BeFalse("the cuff is still inflating");
        completed.Should().BeNull();

        for (var i = 0; i < 200 && !measuring.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        var m = await measuring.WaitAsync(TimeSpan.FromSeconds(10));
        m.Outcome.Should().Be(CuffOutcome.Success);
        m.StartTimeNs.Should().Be(TestTimes.MorningNs);
        TestTimes.ToNs(clock.GetUtcNow()).Should().BeGreaterThanOrEqualTo(m.EndTimeNs, "the result is not available before the cycle's end");
        phases.Should().Equal(CuffPhase.Inflating, CuffPhase.Deflating, CuffPhase.Exhausting);
        completed.Should().BeSameAs(m);
    }
}
