using TeleSante.Imaging;
using TeleSante.CommandLine;

namespace TeleSante.Imaging.Quality.Tool;

/// <summary>The commands, their usage, and the one place errors become exit codes.</summary>
internal static class Cli
{
    public const string Usage = """
        usage:
          telesante-fundus train-gate [--out DIR] [--seed N] [--training-images N] [--evaluation-images N] [--only limits]
              Generates photographs with the simulated camera (good, and out of focus, under/over-exposed, low
              contrast, wrong field, eyelid shadow at controlled severities; 640x480 to 1600x1200, PNG and JPEG),
              measures them, trains the FastTree gate and writes DIR/fundus-gate (default models/fundus-gate):
              fundus-gate-model.zip, fundus-gate-limits.json, fundus-gate-eval.csv (held-out photographs, other
              seeds) and fundus-gate-training.json (parameters, figures). --only limits renders only the good
              training photographs and rewrites fundus-gate-limits.json (the reasons' ranges), nothing else.
          telesante-fundus eval-gate [--model DIR]
              Re-evaluates DIR/fundus-gate-model.zip (default models/fundus-gate) on DIR/fundus-gate-eval.csv:
              confusion matrix, Se and Sp of "ungradable", and the main reason given per defect kind.
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                output.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }

            var options = CommandArguments.Parse(args.AsSpan(1));
            return args[0] switch
            {
                "train-gate" => TrainGateCommand.Run(options, output),
                "eval-gate" => EvalGateCommand.Run(options, output),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException e)
        {
            error.WriteLine($"telesante-fundus: {e.Message}");
            error.WriteLine(Usage);
            return 2;
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidDataException or UnauthorizedAccessException or ImageRejectedException)
        {
            error.WriteLine($"telesante-fundus: {e.Message}");
            return 1;
        }
    }
}
