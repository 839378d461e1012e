using System.ComponentModel.DataAnnotations;
using TeleSante.CommandLine;

namespace TeleSante.Analysis.Tool;

/// <summary>Checks a training command's options before any work is done (data annotations, then the seed's range).</summary>
internal static class TrainingArguments
{
    public static void Validate(object options, int seed)
    {
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true) || seed is < 1 or > 2000)
        {
            throw new UsageException(errors.Count > 0 ? errors[0].ErrorMessage ?? "invalid option" : "--seed must be within 1..2000");
        }
    }
}
