namespace TeleSante.LiveView.Internal;

/// <summary>One message for the other gateways (LiveView:Redis): a frame or an analysis result, never both.</summary>
internal readonly record struct LiveRelayItem(LiveFrame? Frame, LiveAnalysis? Analysis);
