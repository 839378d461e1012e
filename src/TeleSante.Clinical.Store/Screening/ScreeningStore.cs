using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Screening;
using TeleSante.Clinical.Store.Internal;

namespace TeleSante.Clinical.Store.Screening;

/// <summary>
/// Screening campaigns in <see cref="ClinicalDatabase"/> (issue 13): campaigns and their sites, enrolled patients
/// and their due dates, visits (a consultation graded in steps), gradings (append-only), referrals. The rules live in
/// TeleSante.Clinical.Screening; this class loads what they need and writes what they decide, in one transaction.
/// Grading steps are optimistic like request steps: the UPDATE names the version the decision was made on.
/// </summary>
public sealed partial class ScreeningStore(ClinicalDatabase database, ScreeningOptions options, TimeProvider time)
{
    private const int MaxConflictRetries = 5;

    private readonly ClinicalDatabase _database = database ?? throw new ArgumentNullException(nameof(database));
    private readonly ScreeningOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    private static Refusal Missing(string what, string id) => new(RefusalCode.NotFound, $"{what} {id} does not exist");

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Day(DateOnly? date) => date is { } d ? Day(d) : null;

    private static DateOnly ParseDay(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? DayOrNull(DbDataReader reader, string column) => reader.StrOrNull(column) is { } text ? ParseDay(text) : null;

    private static string Json(EyeFeatures features) => JsonSerializer.Serialize(features, ScreeningJson.Default.EyeFeatures);

    private static EyeFeatures Features(string json) =>
        JsonSerializer.Deserialize(json, ScreeningJson.Default.EyeFeatures) ?? throw new InvalidDataException("A stored grading form is empty.");

    private static bool MayGrade(Practitioner p) => p.Has(ClinicalRoles.Grader) || p.Has(ClinicalRoles.ArbitrationGrader);
}
