namespace TeleSante.Analysis.Internal;

/// <summary>What one sample did to a lead.</summary>
internal enum LeadState
{
    /// <summary>Analysed: the lead's features were updated.</summary>
    Analysed,

    /// <summary>Not analysed: inside a missing or flat segment.</summary>
    Unanalysable,

    /// <summary>This sample made the lead unanalysable (its segment may have begun earlier, see <see cref="LeadChannel.SegmentStart"/>).</summary>
    BecameUnanalysable,

    /// <summary>This sample ended an unanalysable segment; the lead's filters restarted from it.</summary>
    Recovered,
}
