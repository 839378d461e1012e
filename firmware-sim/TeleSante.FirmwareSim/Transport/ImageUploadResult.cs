namespace TeleSante.FirmwareSim.Transport;

/// <summary>The gateway's answer to one photograph.</summary>
/// <param name="Accepted">Stored durably (201) or already stored by an earlier send (200).</param>
/// <param name="Duplicate">The gateway had it already: an earlier attempt got through.</param>
/// <param name="ImageId">The gateway's id of the stored image.</param>
/// <param name="Status">HTTP status of the last attempt.</param>
/// <param name="Problem">The refusal's reason and detail, when refused.</param>
/// <param name="Gradable">The quality gate's verdict in the answer; null when not assessed (gate off) or refused.</param>
/// <param name="Reasons">The gate's reasons for an ungradable verdict.</param>
public sealed record ImageUploadResult(bool Accepted, bool Duplicate, long? ImageId, int Status, string? Problem, bool? Gradable = null, IReadOnlyList<string>? Reasons = null);
