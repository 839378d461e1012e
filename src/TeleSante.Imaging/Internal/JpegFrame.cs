namespace TeleSante.Imaging.Internal;

/// <summary>A JPEG frame header (T.81 B.2.2), and whether its scans are Huffman-decoded (sequential) or only walked.</summary>
internal sealed record JpegFrame(int Width, int Height, int Precision, JpegComponent[] Components, bool Decoded);
