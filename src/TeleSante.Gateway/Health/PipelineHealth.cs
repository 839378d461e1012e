namespace TeleSante.Gateway.Health;

internal sealed record PipelineHealth(long Accepted, long Duplicates, long Rejected, long DeadLetters);
