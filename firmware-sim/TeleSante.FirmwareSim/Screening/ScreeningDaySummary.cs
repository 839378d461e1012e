using System.Globalization;

namespace TeleSante.FirmwareSim.Screening;

/// <summary>
/// What a screening day came to. <see cref="Caught"/>: spoiled captures the gate called ungradable; <see cref="Missed"/>:
/// spoiled captures it called gradable (they would reach the graders); <see cref="FalseAlarms"/>: good captures it
/// called ungradable (an unneeded retake); <see cref="Retaken"/>: retakes taken; fields still ungradable after
/// <see cref="ScreeningDayOptions.MaxRetakes"/> retakes go to grading with the operator's reason.
/// </summary>
public sealed class ScreeningDaySummary
{
    public int Patients { get; set; }

    public int Captures { get; set; }

    public int Defective { get; set; }

    public int Caught { get; set; }

    public int Missed { get; set; }

    public int FalseAlarms { get; set; }

    public int NotAssessed { get; set; }

    public int Retaken { get; set; }

    public int Refused { get; set; }

    public int VisitsComplete { get; set; }

    public int VisitsIncomplete { get; set; }

    public List<string> Problems { get; } = [];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"screening day: {Patients} patients, {Captures} captures, {Defective} defective: {Caught} caught, {Missed} missed; {FalseAlarms} false alarms, {NotAssessed} not assessed; {Retaken} retaken; visits sent complete {VisitsComplete}, incomplete {VisitsIncomplete}; {Refused} uploads refused");
}
