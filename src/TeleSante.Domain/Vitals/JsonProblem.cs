using TeleSante.Contracts.V1;

namespace TeleSante.Domain.Vitals;

/// <summary>Why a JSON vitals document is refused. A bare detail string converts to a MALFORMED problem,
/// which is what almost every rule of the form produces.</summary>
internal sealed record JsonProblem(RejectReason Reason, string Detail)
{
    public static implicit operator JsonProblem(string detail) => new(RejectReason.Malformed, detail);

    /// <summary>The same problem with the place it was found in front, e.g. "observations[2]: …".</summary>
    public JsonProblem In(string where) => this with { Detail = $"{where}: {Detail}" };
}
