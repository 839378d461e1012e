namespace TeleSante.Imaging.Internal;

/// <summary>A frame component (T.81 B.2.2): its id and horizontal/vertical sampling factors.</summary>
internal sealed record JpegComponent(byte Id, int H, int V);
