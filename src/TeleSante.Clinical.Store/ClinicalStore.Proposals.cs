using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using TeleSante.Clinical.Proposals;
using TeleSante.Clinical.Store.Internal;

namespace TeleSante.Clinical.Store;

// Issue 12: the machine proposals of an ECG request and the review of each signed report against them.
public sealed partial class ClinicalStore
{
    /// <summary>Proposals and reviews are kept as JSON documents: they are read whole, never queried inside, and their
    /// shape (lists of values and statements) would otherwise need four tables per dialect.</summary>
    private static readonly JsonSerializerOptions DocumentJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Keeps the proposals computed at submission. They are computed once: a second save (a resubmission after a
    /// decline) keeps the first and answers false.</summary>
    public async Task<bool> SaveEcgProposalsAsync(EcgProposals proposals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        var first = proposals.Triage.OrderBy(t => t.At).FirstOrDefault();
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(null,
                """
                INSERT INTO ecg_proposals (request_id, status, computed_at, body, triage_rule, triage_text, triage_at)
                VALUES (@id, @status, @at, @body, @rule, @text, @triageAt)
                """, cancellationToken,
                ("@id", proposals.RequestId), ("@status", proposals.Status.ToString()), ("@at", Sql.Ms(proposals.ComputedAt)),
                ("@body", JsonSerializer.Serialize(proposals, DocumentJson)), ("@rule", first?.Rule), ("@text", first?.Text), ("@triageAt", Sql.Ms(first?.At)))
                .ConfigureAwait(false);
            return true;
        }
        catch (DbException ex) when (Sql.IsUniqueViolation(ex))
        {
            return false;
        }
    }

    public async Task<EcgProposals?> GetEcgProposalsAsync(string requestId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await LoadProposalsAsync(connection, null, requestId, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<EcgProposals?> LoadProposalsAsync(DbConnection connection, DbTransaction? transaction, string requestId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync(transaction, "SELECT body FROM ecg_proposals WHERE request_id = @id", r => r.Str("body"), cancellationToken,
            ("@id", requestId)).ConfigureAwait(false);
        return rows.Count == 0 ? null : JsonSerializer.Deserialize<EcgProposals>(rows[0], DocumentJson);
    }

    private static async Task<TriageFinding?> LoadTriageAsync(DbConnection connection, DbTransaction? transaction, string requestId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync(transaction, "SELECT triage_rule, triage_text, triage_at FROM ecg_proposals WHERE request_id = @id AND triage_rule IS NOT NULL",
            r => new TriageFinding(r.Str("triage_rule"), r.Str("triage_text"), r.Time("triage_at")), cancellationToken, ("@id", requestId)).ConfigureAwait(false);
        return rows.SingleOrDefault();
    }

    private static Task InsertReviewAsync(DbConnection connection, DbTransaction transaction, string requestId, int version, ReportReview review,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(transaction, "INSERT INTO report_reviews (request_id, version, body) VALUES (@id, @version, @body)", cancellationToken,
            ("@id", requestId), ("@version", (long)version), ("@body", JsonSerializer.Serialize(review, DocumentJson)));

    private static async Task<Dictionary<int, ReportReview>> LoadReviewsAsync(DbConnection connection, DbTransaction? transaction, string requestId,
        CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync(transaction, "SELECT version, body FROM report_reviews WHERE request_id = @id", r => (Version: (int)r.Long("version"), Body: r.Str("body")),
            cancellationToken, ("@id", requestId)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Version, r => JsonSerializer.Deserialize<ReportReview>(r.Body, DocumentJson)!);
    }
}
