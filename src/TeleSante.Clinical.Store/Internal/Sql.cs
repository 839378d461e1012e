using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace TeleSante.Clinical.Store.Internal;

/// <summary>The few ADO.NET helpers the store uses on both providers: commands with named parameters (both
/// accept <c>@name</c>), typed reads, and the two constraint violations it turns into refusals.</summary>
internal static class Sql
{
    public static DbCommand Command(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(this DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<List<T>> QueryAsync<T>(this DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> map,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static string Str(this DbDataReader reader, string column) => reader.GetString(reader.GetOrdinal(column));

    public static string? StrOrNull(this DbDataReader reader, string column)
    {
        var i = reader.GetOrdinal(column);
        return reader.IsDBNull(i) ? null : reader.GetString(i);
    }

    public static long Long(this DbDataReader reader, string column) => Convert.ToInt64(reader.GetValue(reader.GetOrdinal(column)), System.Globalization.CultureInfo.InvariantCulture);

    public static long? LongOrNull(this DbDataReader reader, string column)
    {
        var i = reader.GetOrdinal(column);
        return reader.IsDBNull(i) ? null : Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static int? IntOrNull(this DbDataReader reader, string column) => reader.LongOrNull(column) is { } value ? checked((int)value) : null;

    public static bool Bool(this DbDataReader reader, string column) => reader.Long(column) != 0;

    public static DateTimeOffset Time(this DbDataReader reader, string column) => FromMs(reader.Long(column));

    public static DateTimeOffset? TimeOrNull(this DbDataReader reader, string column) => reader.LongOrNull(column) is { } ms ? FromMs(ms) : null;

    public static TEnum Enum<TEnum>(this DbDataReader reader, string column)
        where TEnum : struct, System.Enum => System.Enum.Parse<TEnum>(reader.Str(column));

    public static TEnum? EnumOrNull<TEnum>(this DbDataReader reader, string column)
        where TEnum : struct, System.Enum => reader.StrOrNull(column) is { } text ? System.Enum.Parse<TEnum>(text) : null;

    /// <summary>Times are stored as Unix milliseconds (UTC) on both providers.</summary>
    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static long Flag(bool value) => value ? 1 : 0;

    /// <summary>A UNIQUE or PRIMARY KEY constraint refused the row.</summary>
    public static bool IsUniqueViolation(Exception exception) => exception switch
    {
        SqliteException e => e.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        PostgresException e => e.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>A FOREIGN KEY constraint refused the row (it names something that does not exist).</summary>
    public static bool IsForeignKeyViolation(Exception exception) => exception switch
    {
        SqliteException e => e.SqliteExtendedErrorCode == 787, // SQLITE_CONSTRAINT_FOREIGNKEY
        PostgresException e => e.SqlState == PostgresErrorCodes.ForeignKeyViolation,
        _ => false,
    };
}
