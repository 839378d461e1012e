namespace TeleSante.Analysis.Tool;

internal static class EvaluateCommand
{
    public static int Run(Arguments args, TextWriter output)
    {
        args.OnlyAllow("data", "seeds");
        output.WriteLine("not yet");
        return 0;
    }
}
