namespace TeleSante.Gateway.Screening;

public sealed record GradingInput(EyeInput? Right, EyeInput? Left);
