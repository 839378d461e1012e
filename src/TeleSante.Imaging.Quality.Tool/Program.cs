using TeleSante.Imaging.Quality.Tool;

// telesante-fundus: the fundus quality gate's training (train-gate) and re-evaluation (eval-gate).
return Cli.Run(args, Console.Out, Console.Error);
