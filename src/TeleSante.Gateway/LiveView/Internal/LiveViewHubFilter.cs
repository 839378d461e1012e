using Microsoft.AspNetCore.SignalR;

namespace TeleSante.Gateway.LiveView.Internal;

/// <summary>
/// Logs what the hub's methods end with: a <see cref="HubException"/> is an answer to the caller (a
/// refused join, a bad range), expected and already audited, so it is logged at Information without a
/// stack; anything else is a fault, logged at Error. SignalR's dispatcher would log both at Error with
/// a stack trace, so its Error entries are filtered out where the hub is registered
/// (<see cref="LiveViewRegistration"/>): this filter sees every exception they would have reported.
/// </summary>
internal sealed class LiveViewHubFilter(ILogger<LiveViewHubFilter> logger) : IHubFilter
{
    /// <summary>The SignalR logger whose Error entries this filter replaces.</summary>
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext).ConfigureAwait(false);
        }
        catch (HubException ex)
        {
            LiveViewHubLog.InvocationRefused(logger, invocationContext.Context.ConnectionId, invocationContext.HubMethodName, ex.Message);
            throw;
        }
        catch (OperationCanceledException) when (invocationContext.Context.ConnectionAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LiveViewHubLog.InvocationFailed(logger, ex, invocationContext.HubMethodName, invocationContext.Context.ConnectionId);
            throw;
        }
    }
}
