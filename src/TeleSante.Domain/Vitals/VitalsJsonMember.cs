namespace TeleSante.Domain.Vitals;

/// <summary>The member names the JSON vitals form allows, one bit each, so that <see cref="JsonVitalsParser"/> tells a
/// duplicate member with a mask instead of a set of strings per object.</summary>
[Flags]
internal enum VitalsJsonMember
{
    None = 0,
    Seq = 1 << 0,
    SeqEpoch = 1 << 1,
    SessionId = 1 << 2,
    DeviceTime = 1 << 3,
    Observations = 1 << 4,
    Events = 1 << 5,
    Mdc = 1 << 6,
    Loinc = 1 << 7,
    Value = 1 << 8,
    Unit = 1 << 9,
    Time = 1 << 10,
    Code = 1 << 11,
    Text = 1 << 12,
}
