using System.ComponentModel.DataAnnotations;

namespace TeleSante.Gateway.Attribution;

/// <summary>Which session a reading may be filed under. Section <c>Attribution</c>.</summary>
public sealed class AttributionOptions
{
    public const string Section = "Attribution";

    /// <summary><see cref="AttributionMode.Consultation"/> (default, the product): a reading's device must belong to a
    /// station and name that station's open consultation. <see cref="AttributionMode.Session"/>: device-named sessions.</summary>
    [EnumDataType(typeof(AttributionMode))]
    public AttributionMode Mode { get; set; } = AttributionMode.Consultation;

    /// <summary>How often the in-memory table of stations and open consultations is reloaded from the clinical store,
    /// so that gateways sharing one database converge (changes made through this gateway apply at once). Default 5 s,
    /// 100 ms to 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
