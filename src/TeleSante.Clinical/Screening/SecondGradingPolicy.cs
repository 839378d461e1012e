using System.Security.Cryptography;
using System.Text;

namespace TeleSante.Clinical.Screening;

/// <summary>Which visits a second grader sees: every referable first grading, and a share of the others picked by
/// a hash of the visit's id — not a random draw, so the choice is the same on every gateway and after a restart,
/// and a grader cannot tell which of their gradings will be checked.</summary>
public static class SecondGradingPolicy
{
    public static bool Requires(string visitId, VisitGrade firstGrading, double share)
    {
        ArgumentException.ThrowIfNullOrEmpty(visitId);
        ArgumentNullException.ThrowIfNull(firstGrading);
        return firstGrading.Referable || Draw(visitId) < share;
    }

    /// <summary>The visit's place in [0, 1).</summary>
    internal static double Draw(string visitId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(visitId), hash);
        var value = BitConverter.ToUInt64(hash[..8]);
        return (value >> 11) * (1.0 / (1UL << 53));
    }
}
