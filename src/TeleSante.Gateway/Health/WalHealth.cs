namespace TeleSante.Gateway.Health;

internal sealed record WalHealth(long SizeBytes, long BudgetBytes, int Segments, long LastSequence, long ConfirmedSequence, bool Full, long Fsyncs);
