using Microsoft.Extensions.DependencyInjection;
using TeleSante.Access.Audit;

namespace TeleSante.LiveView.Tests.Infrastructure;

/// <summary>The gateway's own audit trail, decorated: counts the writes that record vitals alerts raised, and can
/// hold the next such write until released and then fail it (an audit database that fails after the clinical store
/// committed).</summary>
internal sealed class FaultyAuditTrail(IAuditTrail inner) : IAuditTrail, IDisposable
{
    private const string RaiseAction = "vital-alert.raise";
    private TaskCompletionSource? _hold;
    private int _alertWrites;

    /// <summary>Calls that recorded vitals alerts raised (one per batch when batched, one per alert before).</summary>
    public int AlertWrites => Volatile.Read(ref _alertWrites);

    /// <summary>The next write of raised alerts waits for <see cref="TaskCompletionSource.SetResult()"/> on the
    /// returned source, then fails without recording anything.</summary>
    public TaskCompletionSource HoldThenFailNextAlertWrite()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _hold, hold);
        return hold;
    }

    /// <summary>Replaces the gateway's <see cref="IAuditTrail"/> with one decorating it.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IAuditTrail));
        services.Remove(original);
        services.AddSingleton<IAuditTrail>(sp =>
        {
            var inner = original.ImplementationFactory is { } factory ? (IAuditTrail)factory(sp)
                : original.ImplementationInstance as IAuditTrail ?? (IAuditTrail)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!);
            return new FaultyAuditTrail(inner);
        });
    }

    public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken) => RecordManyAsync([entry], cancellationToken);

    public async Task RecordManyAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Any(e => e.Action == RaiseAction))
        {
            Interlocked.Increment(ref _alertWrites);
            if (Interlocked.Exchange(ref _hold, null) is { } hold)
            {
                await hold.Task.ConfigureAwait(false);
                throw new IOException("injected audit failure");
            }
        }

        await inner.RecordManyAsync(entries, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(string? actor, string? resource, int limit, CancellationToken cancellationToken) =>
        inner.QueryAsync(actor, resource, limit, cancellationToken);

    public Task<bool> VerifyAsync(CancellationToken cancellationToken) => inner.VerifyAsync(cancellationToken);

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
