using TeleSante.Analysis.Tool;

// telesante-ecg: EC57 scoring of the QRS detector (or of any detector's annotation file) on WFDB records.
return Cli.Run(args, Console.Out, Console.Error);
