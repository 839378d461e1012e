using TeleSante.Signal.Wfdb;
using TeleSante.CommandLine;

namespace TeleSante.Analysis.Tool;

/// <summary>The commands, their usage, and the one place errors become exit codes.</summary>
internal static class Cli
{
    public const string Usage = """
        usage:
          telesante-ecg bxb --record PATH --annotator ANN [--lead N|all] [--test ANN]
                            [--noise em|ma|bw|mix --snr DB [--seed N] [--protocol nst|continuous]]
                            [--window S] [--learning S] [--list N] [--beat-model ZIP|none]
              EC57 beat-by-beat comparison of the detector (or of annotation file PATH.ANN given by --test)
              against the reference annotations PATH.ANN: 150 ms match window, first 300 s not counted;
              --list N prints the first N false negatives and false positives. Beats are classified N/S/V by
              the beat model (default models/beats/beat-model.zip when present), Q in stretches marked noisy.
          telesante-ecg evaluate [--data DIR] [--seeds N]
              The README's targets table: record 100 per lead, clean and with generated noise at 12, 6, 0 dB,
              synthetic ECGs at 250..1000 Hz, and PTB s0010_re lead by lead.
          telesante-ecg intervals [--count N] [--seed N] [--rate HZ] [--data DIR] [--list N]
              PR, QRS and QT of the median beat against the synthetic generator's true boundaries over N varied
              10 s 12-lead ECGs (mean error and SD, IEC 60601-2-25 targets), then PTB s0010_re's measurements;
              --list N prints the N worst cases.
          telesante-ecg train-af [--out DIR] [--seed N] [--data DIR] [--training-records N] [--evaluation-records N]
              Trains the atrial-fibrillation classifier on generated ECGs and writes DIR/af (default models/af):
              af-model.zip, af-eval.csv (held-out windows incl. record 100) and af-training.json (parameters, figures).
          telesante-ecg eval-af [--model DIR]
              Re-evaluates DIR/af-model.zip (default models/af) on DIR/af-eval.csv: confusion matrix, Se, Sp.
          telesante-ecg train-beats [--out DIR] [--seed N] [--data DIR] [--training-records N] [--evaluation-records N]
              Trains the beat classifier (N, S, V) on generated ECGs and writes DIR/beats (default models/beats):
              beat-model.zip, beat-eval.csv (held-out beats incl. record 100) and beat-training.json.
          telesante-ecg eval-noise [--data DIR] [--model DIR] [--seed N]
              Record 100 with generated noise: share of the noisy and clean stretches marked unanalysable, and AF
              windows of the AF model DIR/af-model.zip over every window and outside the marked stretches.
          telesante-ecg eval-beats [--model DIR]
              Re-evaluates DIR/beat-model.zip (default models/beats) on DIR/beat-eval.csv: confusion matrices, Se, +P.
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
                "bxb" => BxbCommand.Run(options, output),
                "evaluate" => EvaluateCommand.Run(options, output),
                "intervals" => IntervalsCommand.Run(options, output),
                "train-af" => TrainAfCommand.Run(options, output),
                "eval-af" => EvalAfCommand.Run(options, output),
                "train-beats" => TrainBeatsCommand.Run(options, output),
                "eval-beats" => EvalBeatsCommand.Run(options, output),
                "eval-noise" => EvalNoiseCommand.Run(options, output),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException e)
        {
            error.WriteLine($"telesante-ecg: {e.Message}");
            error.WriteLine(Usage);
            return 2;
        }
        catch (Exception e) when (e is WfdbFormatException or IOException or ArgumentException or InvalidDataException)
        {
            error.WriteLine($"telesante-ecg: {e.Message}");
            return 1;
        }
    }
}
