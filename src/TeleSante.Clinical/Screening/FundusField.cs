namespace TeleSante.Clinical.Screening;

/// <summary>The two 45° fields of the screening protocol, per eye (issue 13).</summary>
public enum FundusField
{
    MaculaCentred = 0,
    DiscCentred,
}
