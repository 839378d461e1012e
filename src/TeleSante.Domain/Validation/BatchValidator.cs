using System.Globalization;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;

namespace TeleSante.Domain.Validation;

/// <summary>
/// Checks a batch completely before anything of it is stored: a batch is accepted whole or rejected
/// whole, never half-written. The first problem found is reported with the field it concerns.
/// </summary>
public sealed class BatchValidator(ValidationLimits limits, TimeProvider time)
{
    private const long NanosPerTick = 100;

    public ValidationOutcome Validate(ReadingBatch batch)
    {
        if ((Identifiers.Check("device_id", batch.DeviceId) ?? Identifiers.Check("site_id", batch.SiteId) ?? Identifiers.Check("session_id", batch.SessionId)) is { } badId)
        {
            return Fail(RejectReason.BadIdentity, badId);
        }

        if (batch.Seq == 0)
        {
            return Fail(RejectReason.BadIdentity, "seq must be >= 1");
        }

        if (batch.Waveforms.Count == 0 && batch.Observations.Count == 0 && batch.Events.Count == 0)
        {
            return Fail(RejectReason.Inconsistent, "batch carries no waveforms, observations or events");
        }

        var now = NowNs();
        var earliest = now - limits.MaxAge.Ticks * NanosPerTick;
        var latest = now + limits.MaxClockAhead.Ticks * NanosPerTick;

        if (batch.DeviceTimeNs < earliest || batch.DeviceTimeNs > latest)
        {
            return Fail(RejectReason.BadTimestamp, $"device_time_ns {FormatNs(batch.DeviceTimeNs)} is outside the accepted window {FormatNs(earliest)} .. {FormatNs(latest)} (gateway clock {FormatNs(now)})");
        }

        if (batch.Waveforms.Count > limits.MaxChunksPerBatch)
        {
            return Fail(RejectReason.TooLarge, $"{batch.Waveforms.Count} waveform chunks exceed the limit of {limits.MaxChunksPerBatch}");
        }

        if (batch.Observations.Count > limits.MaxObservationsPerBatch)
        {
            return Fail(RejectReason.TooLarge, $"{batch.Observations.Count} observations exceed the limit of {limits.MaxObservationsPerBatch}");
        }

        if (batch.Events.Count > limits.MaxEventsPerBatch)
        {
            return Fail(RejectReason.TooLarge, $"{batch.Events.Count} events exceed the limit of {limits.MaxEventsPerBatch}");
        }

        for (var i = 0; i < batch.Waveforms.Count; i++)
        {
            var outcome = ValidateChunk(batch.Waveforms[i], i, earliest, latest);
            if (!outcome.IsValid)
            {
                return outcome;
            }
        }

        for (var i = 0; i < batch.Observations.Count; i++)
        {
            var outcome = ValidateObservation(batch.Observations[i], i, earliest, latest);
            if (!outcome.IsValid)
            {
                return outcome;
            }
        }

        for (var i = 0; i < batch.Events.Count; i++)
        {
            var outcome = ValidateEvent(batch.Events[i], i, earliest, latest);
            if (!outcome.IsValid)
            {
                return outcome;
            }
        }

        return ValidationOutcome.Valid;
    }

    private static ValidationOutcome ValidateEvent(DeviceEvent deviceEvent, int index, long earliest, long latest)
    {
        var where = $"events[{index}]";
        if (DeviceEventCatalog.Find(deviceEvent.Code) is null)
        {
            return Fail(RejectReason.UnknownCode, $"{where}: unknown event code '{Truncate(deviceEvent.Code)}' (expected one of {string.Join(", ", DeviceEventCatalog.All.Select(e => e.Code))})");
        }

        if (deviceEvent.MdcCode != 0 && CodeCatalog.FindObservation(deviceEvent.MdcCode) is null && CodeCatalog.FindWaveform(deviceEvent.MdcCode) is null)
        {
            return Fail(RejectReason.UnknownCode, $"{where}: mdc_code {deviceEvent.MdcCode} is neither 0 nor a known observation or signal");
        }

        if (deviceEvent.Text.Length > DeviceEventCatalog.MaxTextLength)
        {
            return Fail(RejectReason.TooLarge, $"{where}: text of {deviceEvent.Text.Length} characters exceeds {DeviceEventCatalog.MaxTextLength}");
        }

        if (deviceEvent.TimeNs < earliest || deviceEvent.TimeNs > latest)
        {
            return Fail(RejectReason.BadTimestamp, $"{where}: time_ns {FormatNs(deviceEvent.TimeNs)} is outside the accepted window {FormatNs(earliest)} .. {FormatNs(latest)}");
        }

        return ValidationOutcome.Valid;
    }

    private ValidationOutcome ValidateChunk(WaveformChunk chunk, int index, long earliest, long latest)
    {
        var where = $"waveforms[{index}]";
        if (chunk.Channels.Count == 0)
        {
            return Fail(RejectReason.Inconsistent, $"{where}: no channels");
        }

        if (chunk.Channels.Count > limits.MaxChannelsPerChunk)
        {
            return Fail(RejectReason.TooLarge, $"{where}: {chunk.Channels.Count} channels exceed the limit of {limits.MaxChannelsPerChunk}");
        }

        var rate = chunk.SampleRateHz;
        if (!double.IsFinite(rate) || rate <= 0)
        {
            return Fail(RejectReason.OutOfRange, $"{where}: sample_rate_hz {rate.ToString(CultureInfo.InvariantCulture)} must be a positive number");
        }

        var sampleCount = chunk.Channels[0].Samples.Count;
        if (sampleCount == 0)
        {
            return Fail(RejectReason.Inconsistent, $"{where}: channels carry no samples");
        }

        if (sampleCount > limits.MaxSamplesPerChannel)
        {
            return Fail(RejectReason.TooLarge, $"{where}: {sampleCount} samples per channel exceed the limit of {limits.MaxSamplesPerChannel}");
        }

        if (chunk.StartTimeNs < earliest || chunk.StartTimeNs > latest)
        {
            return Fail(RejectReason.BadTimestamp, $"{where}: start_time_ns {FormatNs(chunk.StartTimeNs)} is outside the accepted window {FormatNs(earliest)} .. {FormatNs(latest)}");
        }

        // The chunk's last sample must be inside the window too: its end is start + samples / rate.
        // Compared as a duration (latest - start cannot overflow here) in double, so that a tiny rate
        // cannot wrap a long sum round into the window.
        var durationNs = Math.Ceiling(sampleCount * 1e9 / rate);
        if (durationNs > latest - chunk.StartTimeNs)
        {
            var end = chunk.StartTimeNs + durationNs;
            var endText = end < long.MaxValue ? FormatNs((long)end) : end.ToString("G6", CultureInfo.InvariantCulture) + " ns";
            return Fail(RejectReason.BadTimestamp, $"{where}: the chunk ends at {endText} (start_time_ns {FormatNs(chunk.StartTimeNs)} + {sampleCount} samples / {rate.ToString(CultureInfo.InvariantCulture)} Hz), after the latest accepted time {FormatNs(latest)}");
        }

        Span<uint> seen = stackalloc uint[Math.Min(chunk.Channels.Count, 64)];
        for (var c = 0; c < chunk.Channels.Count; c++)
        {
            var channel = chunk.Channels[c];
            var cwhere = $"{where}.channels[{c}]";
            var code = CodeCatalog.FindWaveform(channel.MdcCode);
            if (code is null)
            {
                return Fail(RejectReason.UnknownCode, $"{cwhere}: unknown waveform MDC code {channel.MdcCode}");
            }

            if (seen[..c].Contains(channel.MdcCode))
            {
                return Fail(RejectReason.Inconsistent, $"{cwhere}: channel {code.RefId} appears twice in the chunk");
            }

            seen[c] = channel.MdcCode;

            var (minRate, maxRate) = code.Kind == WaveformKind.Ecg
                ? (limits.EcgMinSampleRateHz, limits.EcgMaxSampleRateHz)
                : (limits.PlethMinSampleRateHz, limits.PlethMaxSampleRateHz);
            if (rate < minRate || rate > maxRate)
            {
                return Fail(RejectReason.OutOfRange, $"{cwhere}: sample rate {rate.ToString(CultureInfo.InvariantCulture)} Hz outside {minRate.ToString(CultureInfo.InvariantCulture)}..{maxRate.ToString(CultureInfo.InvariantCulture)} Hz for {code.RefId}");
            }

            var unit = code.FindUnit(channel.Unit);
            if (unit is null)
            {
                return Fail(RejectReason.UnitMismatch, $"{cwhere}: unit '{Truncate(channel.Unit)}' is not accepted for {code.RefId} (expected {string.Join(" or ", code.Units.Select(u => u.Ucum))})");
            }

            if (!double.IsFinite(channel.Gain) || channel.Gain <= 0)
            {
                return Fail(RejectReason.Inconsistent, $"{cwhere}: gain {channel.Gain.ToString(CultureInfo.InvariantCulture)} must be a positive number of adu per {unit.Ucum}");
            }

            if (channel.Samples.Count != sampleCount)
            {
                return Fail(RejectReason.Inconsistent, $"{cwhere}: {channel.Samples.Count} samples where channel 0 has {sampleCount}");
            }

            // Check the physical amplitude of the extreme samples: catches gain or unit mix-ups.
            int min = int.MaxValue, max = int.MinValue;
            foreach (var s in channel.Samples)
            {
                min = Math.Min(min, s);
                max = Math.Max(max, s);
            }

            var low = (min - (double)channel.Baseline) / channel.Gain;
            var high = (max - (double)channel.Baseline) / channel.Gain;
            if (!unit.Contains(low) || !unit.Contains(high))
            {
                return Fail(RejectReason.OutOfRange, $"{cwhere}: amplitude {low.ToString("G4", CultureInfo.InvariantCulture)}..{high.ToString("G4", CultureInfo.InvariantCulture)} {unit.Ucum} outside the plausible {unit.Min.ToString(CultureInfo.InvariantCulture)}..{unit.Max.ToString(CultureInfo.InvariantCulture)} {unit.Ucum}");
            }
        }

        return ValidationOutcome.Valid;
    }

    private static ValidationOutcome ValidateObservation(Observation observation, int index, long earliest, long latest)
    {
        var where = $"observations[{index}]";
        var code = CodeCatalog.FindObservation(observation.MdcCode);
        if (code is null)
        {
            return Fail(RejectReason.UnknownCode, $"{where}: unknown observation MDC code {observation.MdcCode}");
        }

        if (observation.Loinc.Length > 0 && !code.AcceptedLoinc.Contains(observation.Loinc))
        {
            return Fail(RejectReason.UnknownCode, $"{where}: LOINC '{Truncate(observation.Loinc)}' does not match {code.RefId} (expected {string.Join(" or ", code.AcceptedLoinc)})");
        }

        var unit = code.FindUnit(observation.Unit);
        if (unit is null)
        {
            return Fail(RejectReason.UnitMismatch, $"{where}: unit '{Truncate(observation.Unit)}' is not accepted for {code.RefId} (expected {string.Join(" or ", code.Units.Select(u => u.Ucum))})");
        }

        if (!double.IsFinite(observation.Value) || !unit.Contains(observation.Value))
        {
            return Fail(RejectReason.OutOfRange, $"{where}: {code.RefId} value {observation.Value.ToString(CultureInfo.InvariantCulture)} {unit.Ucum} outside the plausible {unit.Min.ToString(CultureInfo.InvariantCulture)}..{unit.Max.ToString(CultureInfo.InvariantCulture)} {unit.Ucum}");
        }

        if (observation.TimeNs < earliest || observation.TimeNs > latest)
        {
            return Fail(RejectReason.BadTimestamp, $"{where}: time_ns {FormatNs(observation.TimeNs)} is outside the accepted window {FormatNs(earliest)} .. {FormatNs(latest)}");
        }

        return ValidationOutcome.Valid;
    }

    private long NowNs() => (time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * NanosPerTick;

    private static ValidationOutcome Fail(RejectReason reason, string detail) => ValidationOutcome.Fail(reason, detail);

    private static string FormatNs(long ns) => DeviceTime.Format(ns);

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
