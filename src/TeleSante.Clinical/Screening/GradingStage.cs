namespace TeleSante.Clinical.Screening;

/// <summary>Where a visit's grading stands.</summary>
public enum GradingStage
{
    AwaitingFirstGrading = 0,
    AwaitingSecondGrading,
    AwaitingArbitration,
    Final,
}
