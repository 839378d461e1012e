namespace TeleSante.StationAgent;

/// <summary>
/// The agent's counters, for its periodic status log and for tests: what was taken from the serial
/// ports, what was refused and why, what the outbox holds, and how the gateway answered. Thread-safe.
/// </summary>
public sealed class AgentStatus
{
    private readonly long[] _rejectedByReason = new long[Enum.GetValues<LineRejectionReason>().Length];
    private long _linesTaken;
    private long _emptyLines;
    private long _acked;
    private long _duplicates;
    private long _refusedByGateway;
    private long _retryableRefusals;
    private long _streamFailures;
    private long _outboxPending;
    private long _outboxBytes;
    private int _outboxFull;
    private int _gatewayConnected;
    private int _openPorts;
    private string? _lastGatewayError;

    /// <summary>Sentences written to the outbox (fsync'd): the agent is now responsible for them.</summary>
    public long LinesTaken => Interlocked.Read(ref _linesTaken);

    /// <summary>Lines refused for any reason (each kept in the rejected-lines file while it has room).</summary>
    public long LinesRejected => Enum.GetValues<LineRejectionReason>().Sum(LinesRejectedFor);

    /// <summary>Empty lines (a bare CR LF): ignored, only counted.</summary>
    public long EmptyLines => Interlocked.Read(ref _emptyLines);

    /// <summary>Batches the gateway acknowledged as newly stored.</summary>
    public long Acked => Interlocked.Read(ref _acked);

    /// <summary>Batches the gateway acknowledged as already stored (a resend after a lost answer).</summary>
    public long DuplicateAcks => Interlocked.Read(ref _duplicates);

    /// <summary>Batches the gateway refused for good, moved to the rejected-batches file.</summary>
    public long RefusedByGateway => Interlocked.Read(ref _refusedByGateway);

    /// <summary>Retryable refusals (gateway storage full or shutting down): kept and resent later.</summary>
    public long RetryableRefusals => Interlocked.Read(ref _retryableRefusals);

    /// <summary>Streams that failed (connection refused or lost, stuck stream, retryable refusal).</summary>
    public long StreamFailures => Interlocked.Read(ref _streamFailures);

    /// <summary>Outbox entries not yet answered by the gateway.</summary>
    public long OutboxPending => Interlocked.Read(ref _outboxPending);

    /// <summary>Bytes the outbox uses against <see cref="OutboxOptions.MaxBytes"/>.</summary>
    public long OutboxBytes => Interlocked.Read(ref _outboxBytes);

    /// <summary>True while the outbox refuses new lines.</summary>
    public bool OutboxFull => Volatile.Read(ref _outboxFull) != 0;

    /// <summary>True while a stream to the gateway is answering.</summary>
    public bool GatewayConnected => Volatile.Read(ref _gatewayConnected) != 0;

    /// <summary>Serial ports currently open.</summary>
    public int OpenPorts => Volatile.Read(ref _openPorts);

    /// <summary>Why the last stream to the gateway failed, if it did.</summary>
    public string? LastGatewayError => Volatile.Read(ref _lastGatewayError);

    public long LinesRejectedFor(LineRejectionReason reason) => Interlocked.Read(ref _rejectedByReason[(int)reason]);

    internal void LineTaken() => Interlocked.Increment(ref _linesTaken);

    internal void LineRejected(LineRejectionReason reason) => Interlocked.Increment(ref _rejectedByReason[(int)reason]);

    internal void EmptyLine() => Interlocked.Increment(ref _emptyLines);

    internal void Answered(bool duplicate) => Interlocked.Increment(ref duplicate ? ref _duplicates : ref _acked);

    internal void RefusedForGood() => Interlocked.Increment(ref _refusedByGateway);

    internal void RetryableRefusal() => Interlocked.Increment(ref _retryableRefusals);

    internal void StreamFailed(string error)
    {
        Interlocked.Increment(ref _streamFailures);
        Volatile.Write(ref _lastGatewayError, error);
        Volatile.Write(ref _gatewayConnected, 0);
    }

    internal void Connected() => Volatile.Write(ref _gatewayConnected, 1);

    internal void Disconnected() => Volatile.Write(ref _gatewayConnected, 0);

    internal void PortOpened() => Interlocked.Increment(ref _openPorts);

    internal void PortClosed() => Interlocked.Decrement(ref _openPorts);

    internal void Outbox(long pending, long bytes, bool full)
    {
        Interlocked.Exchange(ref _outboxPending, pending);
        Interlocked.Exchange(ref _outboxBytes, bytes);
        Volatile.Write(ref _outboxFull, full ? 1 : 0);
    }

    public override string ToString() =>
        $"taken {LinesTaken}, rejected {LinesRejected}{RejectionBreakdown()}, " +
        $"outbox {OutboxPending} pending / {OutboxBytes} bytes{(OutboxFull ? " FULL" : string.Empty)}, acked {Acked} (+{DuplicateAcks} duplicates), " +
        $"refused by gateway {RefusedByGateway}, stream failures {StreamFailures}, gateway {(GatewayConnected ? "connected" : "not connected")}, ports open {OpenPorts}";

    private string RejectionBreakdown()
    {
        var reasons = Enum.GetValues<LineRejectionReason>().Where(r => LinesRejectedFor(r) > 0).Select(r => $"{r} {LinesRejectedFor(r)}").ToList();
        return reasons.Count == 0 ? string.Empty : $" ({string.Join(", ", reasons)})";
    }
}
