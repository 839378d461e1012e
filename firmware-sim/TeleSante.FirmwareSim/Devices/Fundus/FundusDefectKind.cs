namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>The kinds of capture defect the camera can inject, one per reason a screening grader rejects a
/// photograph (see <see cref="FundusDefectScale"/> for how a severity becomes a <see cref="FundusDefects"/>).</summary>
public enum FundusDefectKind
{
    /// <summary>A good capture.</summary>
    None,
    OutOfFocus,
    UnderExposed,
    OverExposed,
    LowContrast,
    WrongField,
    EyelidShadow,
}
