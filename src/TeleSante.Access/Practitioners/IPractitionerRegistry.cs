namespace TeleSante.Access.Practitioners;

/// <summary>
/// Practitioners an administrator has disabled (left the team, lost their licence, a stolen token).
/// Identities come from the token issuer; this registry only records who is barred, so that a
/// still-valid token stops opening patient data at once instead of at its expiry.
/// </summary>
public interface IPractitionerRegistry
{
    /// <summary>Bars <paramref name="practitionerId"/>; false when already disabled.</summary>
    Task<bool> DisableAsync(string practitionerId, string changedBy, CancellationToken cancellationToken);

    /// <summary>Lifts the bar; false when the practitioner was not disabled.</summary>
    Task<bool> EnableAsync(string practitionerId, string changedBy, CancellationToken cancellationToken);

    Task<bool> IsDisabledAsync(string practitionerId, CancellationToken cancellationToken);
}
