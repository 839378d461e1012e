namespace TeleSante.Gateway.LiveView.Internal;

/// <summary>Remembers that the live view's endpoints are mapped, so a second call maps nothing twice.</summary>
internal sealed class LiveViewEndpointsMarker
{
    private int _mapped;

    public IEndpointConventionBuilder? Hub { get; set; }

    public bool TryMark() => Interlocked.Exchange(ref _mapped, 1) == 0;
}
