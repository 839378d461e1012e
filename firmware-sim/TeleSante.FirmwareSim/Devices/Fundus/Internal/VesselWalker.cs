namespace TeleSante.FirmwareSim.Devices.Fundus.Internal;

/// <summary>The growing tip of one vessel: where it is, where it heads, how wide and dark it is.</summary>
/// <param name="Strength">Darkness at the vessel's centre line, 0..1 (veins darker than arteries).</param>
/// <param name="Depth">Branching generation: 0 for vessels leaving the disc.</param>
/// <param name="NextBranch">Pixels of growth left before the next branch.</param>
internal readonly record struct VesselWalker(VesselCourse Course, double X, double Y, double Heading, double Width, double Strength, int Depth, double NextBranch);
