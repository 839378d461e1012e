namespace TeleSante.Clinical.Requests;

/// <summary>How soon an answer is due; the delay per priority is configured (<see cref="TeleExpertiseOptions"/>).</summary>
public enum Priority
{
    Urgent = 1,
    SemiUrgent,
    Routine,
}
