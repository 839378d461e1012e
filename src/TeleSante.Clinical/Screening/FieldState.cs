namespace TeleSante.Clinical.Screening;

/// <summary>Where one protocol field of a visit stands on the operator's page.</summary>
public enum FieldState
{
    /// <summary>No photograph of this eye and field yet.</summary>
    Missing = 0,

    /// <summary>The current capture was judged gradable.</summary>
    Gradable,

    /// <summary>The current capture was judged ungradable: retake it.</summary>
    Ungradable,

    /// <summary>The current capture was not assessed (gate off): a person must look at it.</summary>
    NotAssessed,
}
