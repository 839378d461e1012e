namespace TeleSante.Clinical;

/// <summary>Why a clinical operation was refused: a stable <see cref="Code"/> for programs and a
/// <see cref="Detail"/> for people. The detail never contains an INS.</summary>
public sealed record Refusal(RefusalCode Code, string Detail)
{
    public override string ToString() => $"{Code}: {Detail}";
}
