namespace TeleSante.FirmwareSim.Devices.Fundus.Internal;

/// <summary>How a vessel steers as it grows.</summary>
internal enum VesselCourse
{
    /// <summary>Arcs over the macula (superior temporal arcade).</summary>
    SuperiorArcade,

    /// <summary>Arcs under the macula (inferior temporal arcade).</summary>
    InferiorArcade,

    /// <summary>Wanders with a slowly changing curvature.</summary>
    Free,
}
