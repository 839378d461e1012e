using System.Data.Common;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Store.Internal;

namespace TeleSante.Clinical.Store;

/// <summary>
/// The clinical model kept in <see cref="ClinicalDatabase"/> (SQLite or PostgreSQL, same code). Each operation
/// loads what the domain rules need, lets them decide (<see cref="TeleExpertiseWorkflow"/>,
/// <see cref="Consultations.ConsultationRules"/>, <see cref="Consents.ConsentRules"/>) and writes the result with
/// its audit event in one transaction. Request steps are optimistic: the UPDATE names the version the
/// decision was made on, so of two specialists accepting at once exactly one row changes; the other step is
/// decided again on the new state and refused (<see cref="RefusalCode.AlreadyAccepted"/>).
/// </summary>
public sealed partial class ClinicalStore(ClinicalDatabase database, TeleExpertiseWorkflow workflow, TimeProvider time)
{
    private const int MaxConflictRetries = 5;

    private readonly ClinicalDatabase _database = database ?? throw new ArgumentNullException(nameof(database));
    private readonly TeleExpertiseWorkflow _workflow = workflow ?? throw new ArgumentNullException(nameof(workflow));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    private static Refusal Missing(string what, string id) => new(RefusalCode.NotFound, $"{what} {id} does not exist");

    /// <summary>Runs an insert; a duplicate key or a missing reference becomes a refusal instead of an exception.</summary>
    private async Task<Outcome<T>> InsertAsync<T>(T value, string what, Func<DbConnection, DbTransaction, Task> write, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await write(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return value;
        }
        catch (DbException ex) when (Sql.IsUniqueViolation(ex))
        {
            return new Refusal(RefusalCode.Duplicate, $"{what} already exists");
        }
        catch (DbException ex) when (Sql.IsForeignKeyViolation(ex))
        {
            return new Refusal(RefusalCode.NotFound, $"{what} names a record that does not exist");
        }
    }

    /// <summary>
    /// One step of a request: load it with its consultation, consent and latest report, decide, write the new
    /// version, the audit event and <paramref name="alsoWrite"/> atomically. A lost race (the row's version moved)
    /// retries the decision on the new state.
    /// </summary>
    private async Task<Outcome<T>> StepAsync<T>(string requestId, Func<RequestContext, DateTimeOffset, Outcome<T>> decide, Func<T, RequestChange> changeOf,
        Func<DbConnection, DbTransaction, T, Task>? alsoWrite, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await _database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            if (await LoadContextAsync(connection, transaction, requestId, cancellationToken).ConfigureAwait(false) is not { } context)
            {
                return Missing("request", requestId);
            }

            var outcome = decide(context, _time.GetUtcNow());
            if (!outcome.Succeeded)
            {
                return outcome;
            }

            var change = changeOf(outcome.Value);
            try
            {
                if (await UpdateRequestAsync(connection, transaction, change.Request, context.Request.Version, cancellationToken).ConfigureAwait(false) == 1)
                {
                    await InsertEventAsync(connection, transaction, change.Event, cancellationToken).ConfigureAwait(false);
                    if (alsoWrite is not null)
                    {
                        await alsoWrite(connection, transaction, outcome.Value).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return outcome;
                }
            }
            catch (DbException ex) when (Sql.IsUniqueViolation(ex) && attempt < MaxConflictRetries)
            {
                // Another step landed the same version first: decide again below.
            }

            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            if (attempt >= MaxConflictRetries)
            {
                throw new InvalidOperationException($"Request {requestId} kept changing under {MaxConflictRetries} attempts of one step.");
            }
        }
    }
}
