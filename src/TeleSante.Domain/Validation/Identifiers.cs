namespace TeleSante.Domain.Validation;

/// <summary>
/// Rules for device, site and session identifiers. They appear in MQTT topics, InfluxDB tags and
/// file names, so the alphabet is restricted to characters that need no escaping anywhere.
/// </summary>
public static class Identifiers
{
    public const int MaxLength = 64;

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
