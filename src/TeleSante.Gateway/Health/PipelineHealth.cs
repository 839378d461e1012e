namespace TeleSante.Gateway.Health;

/// <param name="DeadLetters">From the last background check (see <see cref="HealthReport.Check"/>); null before the first.</param>
internal sealed record PipelineHealth(long Accepted, long Duplicates, long Rejected, long? DeadLetters);
