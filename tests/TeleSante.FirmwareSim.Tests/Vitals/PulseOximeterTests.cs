using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Domain.Validation;
using TeleSante.FirmwareSim.Devices.Vitals;
using TeleSante.FirmwareSim.Tests.Support;

namespace TeleSante.FirmwareSim.Tests.Vitals;

public sealed class PulseOximeterTests
{
    private static PulseOximeter Oximeter(double rate = 100, int chunkSeconds = 1, OximeterPatient? patient = null, int acquisition = 4) => new(new PulseOximeterOptions
    {
        DeviceId = "ph-lyon-03-oxi1",
        SiteId = "pharma-lyon-03",
        SessionId = "cons-0001",
        StartTimeNs = TestTimes.MorningNs,
        SampleRateHz = rate,
        ChunkSeconds = chunkSeconds,
        AcquisitionSeconds = acquisition,
        Patient = patient ?? OximeterPatient.Healthy,
        Seed = 21,
        FirstSeq = 1,
    });

    private static List<OximeterChunk> Run(PulseOximeter oximeter, int chunks) => Enumerable.Range(0, chunks).Select(_ => oximeter.NextChunk()).ToList();

    private static IEnumerable<Observation> Numerics(IEnumerable<OximeterChunk> chunks, uint mdc)
        => chunks.Where(c => c.Batch is not null).SelectMany(c => c.Batch!.Observations).Where(o => o.MdcCode == mdc);

    [Theory]
    [InlineData(100, 1, 100)]
    [InlineData(250, 2, 500)]
    [InlineData(62.5, 2, 125)]
    [InlineData(25, 1, 25)]
    public void Pleth_chunks_have_the_configured_rate_and_length_and_follow_each_other_without_gap(double rate, int seconds, int samples)
    {
        var chunks = Run(Oximeter(rate, seconds), 10);

        for (var k = 0; k < chunks.Count; k++)
        {
            var waveform = chunks[k].Batch!.Waveforms.Should().ContainSingle().Subject;
            waveform.SampleRateHz.Should().Be(rate);
            waveform.StartTimeNs.Should().Be(TestTimes.MorningNs + (k * seconds * 1_000_000_000L));
            var channel = waveform.Channels.Should().ContainSingle().Subject;
            channel.MdcCode.Should().Be(CodeCatalog.Pleth);
            channel.Unit.Should().Be("1");
            channel.Samples.Should().HaveCount(samples);
            chunks[k].EndTimeNs.Should().Be(waveform.StartTimeNs + (seconds * 1_000_000_000L));
            chunks[k].Batch!.DeviceTimeNs.Should().Be(chunks[k].EndTimeNs);
            chunks[k].Batch!.ShouldPassTheGatewayValidator();
        }

        var limits = new ValidationLimits();
        rate.Should().BeInRange(limits.PlethMinSampleRateHz, limits.PlethMaxSampleRateHz);
    }

    [Fact]
    public void Pleth_physical_values_stay_between_0_and_1_inside_the_gateways_plausible_range_for_unit_1()
    {
        var chunks = Run(Oximeter(), 20);
        var unit = CodeCatalog.FindWaveform(CodeCatalog.Pleth)!.FindUnit("1")!;
        var channel = chunks[0].Batch!.Waveforms[0].Channels[0];
        var values = chunks.SelectMany(c => c.Batch!.Waveforms[0].Channels[0].Samples).Select(s => (s - channel.Baseline) / channel.Gain).ToList();

        values.Should().OnlyContain(v => v >= 0 && v <= 1);
        values.Should().OnlyContain(v => unit.Contains(v));
        (values.Max() - values.Min()).Should().BeGreaterThan(0.1, "a pulsatile signal, not a flat line");
    }

    [Fact]
    public void After_acquisition_SpO2_and_pulse_rate_come_once_a_second_at_the_end_of_each_second_with_the_gateways_codes()
    {
        var chunks = Run(Oximeter(acquisition: 4), 20);

        chunks.Take(4).Should().OnlyContain(c => c.Batch!.Observations.Count == 0 && c.Condition == OximeterCondition.Searching);
        foreach (var chunk in chunks.Skip(4))
        {
            chunk.Condition.Should().Be(OximeterCondition.Measuring);
            chunk.Batch!.Observations.Select(o => o.MdcCode).Should().Equal(CodeCatalog.SpO2, CodeCatalog.PulseRateOximeter);
            chunk.Batch.Observations.Should().OnlyContain(o => o.TimeNs == chunk.EndTimeNs);
            foreach (var observation in chunk.Batch.Observations)
            {
                observation.ShouldBeAcceptedByTheCatalog();
            }
        }

        Numerics(chunks, CodeCatalog.SpO2).Should().OnlyContain(o => o.Loinc == "59408-5" && o.Unit == "%" && o.Value >= 95 && o.Value <= 100);
        Numerics(chunks, CodeCatalog.PulseRateOximeter).Should().OnlyContain(o => o.Loinc == "8889-8" && o.Unit == "/min" && o.Value >= 62 && o.Value <= 82);
    }

    [Fact]
    public void A_hypoxaemic_patient_reads_around_90_percent()
    {
        var spo2 = Numerics(Run(Oximeter(patient: OximeterPatient.ChronicHypoxaemia), 60), CodeCatalog.SpO2).Select(o => o.Value).ToList();
        spo2.Average().Should().BeInRange(88, 92);
        spo2.Should().OnlyContain(v => v >= 85 && v <= 95);
    }

    [Fact]
    public void With_the_probe_off_nothing_is_sent_and_SpO2_returns_only_after_acquisition_once_it_is_back_on()
    {
        var oximeter = Oximeter(acquisition: 4);
        var changes = new List<OximeterConditionChange>();
        oximeter.ConditionChanged += changes.Add;
        var before = Run(oximeter, 10);
        oximeter.RemoveProbe();
        var off = Run(oximeter, 5);
        oximeter.AttachProbe();
        var after = Run(oximeter, 10);

        var offStart = off[0].StartTimeNs;
        var offEnd = off[^1].EndTimeNs;
        off.Should().OnlyContain(c => c.Condition == OximeterCondition.ProbeOff);
        off.Should().OnlyContain(c => c.Batch == null || (c.Batch.Waveforms.Count == 0 && c.Batch.Observations.Count == 0), "no SpO2 and no flat pleth while the probe is off");
        var alarm = off[0].Batch!.Events.Should().ContainSingle("the first chunk off says why the signal stopped").Subject;
        alarm.Should().Match<DeviceEvent>(e => e.Code == "probe-off" && e.MdcCode == CodeCatalog.Pleth && e.TimeNs == offStart);
        off[0].Batch!.ShouldPassTheGatewayValidator();
        off.Skip(1).Should().OnlyContain(c => c.Batch == null, "the alarm is sent once, not every chunk");
        var all = before.Concat(off).Concat(after).ToList();
        Numerics(all, CodeCatalog.SpO2).Should().NotContain(o => o.TimeNs > offStart && o.TimeNs <= offEnd);

        after.Should().OnlyContain(c => c.Batch != null && c.Batch.Waveforms.Count == 1, "the pleth resumes as soon as the finger is back");
        after.Take(4).Should().OnlyContain(c => c.Batch!.Observations.Count == 0);
        after.Skip(4).Should().OnlyContain(c => c.Batch!.Observations.Any(o => o.MdcCode == CodeCatalog.SpO2));
        after[0].StartTimeNs.Should().Be(offEnd, "the device clock ran on while the probe was off");

        changes.Select(c => (c.Previous, c.Current)).Should().Equal(
            (OximeterCondition.Searching, OximeterCondition.Measuring),
            (OximeterCondition.Measuring, OximeterCondition.ProbeOff),
            (OximeterCondition.ProbeOff, OximeterCondition.Searching),
            (OximeterCondition.Searching, OximeterCondition.Measuring));
        changes[1].TimeNs.Should().Be(offStart);
        changes[2].TimeNs.Should().Be(offEnd);
    }

    [Fact]
    public void Sequence_numbers_increase_by_one_per_batch_sent_and_skip_nothing_while_the_probe_is_off()
    {
        var oximeter = Oximeter();
        var chunks = Run(oximeter, 3);
        oximeter.RemoveProbe();
        chunks.AddRange(Run(oximeter, 3));
        oximeter.AttachProbe();
        chunks.AddRange(Run(oximeter, 3));

        chunks.Where(c => c.Batch is not null).Select(c => c.Batch!.Seq).Should().Equal(1UL, 2, 3, 4, 5, 6, 7);
    }

    [Fact]
    public void Motion_sends_the_disturbed_pleth_but_withholds_SpO2_and_pulse_rate()
    {
        var oximeter = Oximeter(acquisition: 2);
        var calm = Run(oximeter, 10);
        oximeter.StartMotion();
        var moving = Run(oximeter, 6);
        oximeter.StopMotion();
        var calmAgain = Run(oximeter, 3);

        moving.Should().OnlyContain(c => c.Condition == OximeterCondition.MotionArtefact && c.Batch!.Waveforms.Count == 1 && c.Batch.Observations.Count == 0);
        calmAgain.Should().OnlyContain(c => c.Batch!.Observations.Count == 2);
        static double Spread(IEnumerable<OximeterChunk> chunks)
        {
            var v = chunks.SelectMany(c => c.Batch!.Waveforms[0].Channels[0].Samples).Select(s => (double)s).ToList();
            var mean = v.Average();
            return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Count);
        }

        Spread(moving).Should().BeGreaterThan(1.5 * Spread(calm.Skip(2)));
    }

    [Fact]
    public void A_new_session_restarts_acquisition_and_labels_the_batches_with_the_new_session()
    {
        var oximeter = Oximeter(acquisition: 3);
        Run(oximeter, 8);
        oximeter.StartSession("cons-0002", OximeterPatient.ChronicHypoxaemia);
        var next = Run(oximeter, 6);

        next.Should().OnlyContain(c => c.Batch!.SessionId == "cons-0002");
        next.Take(3).Should().OnlyContain(c => c.Batch!.Observations.Count == 0);
        Numerics(next, CodeCatalog.SpO2).Should().OnlyContain(o => o.Value < 95);
    }

    [Fact]
    public void The_json_form_of_a_chunk_carries_its_numerics_and_leaves_the_pleth_out()
    {
        var chunk = Run(Oximeter(acquisition: 0), 3)[^1];
        var json = chunk.ToVitalsJson()!;

        json.Should().NotContain("150452");
        TeleSante.Domain.Vitals.JsonVitalsParser.TryParse(System.Text.Encoding.UTF8.GetBytes(json), "ph-lyon-03-oxi1", "pharma-lyon-03", out var parsed, out var error).Should().BeTrue(error);
        var expected = chunk.Batch!.Clone();
        expected.Waveforms.Clear();
        parsed.Should().Be(expected);
    }
}
