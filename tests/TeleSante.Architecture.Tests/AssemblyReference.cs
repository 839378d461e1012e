namespace TeleSante.Architecture.Tests;

/// <summary>One assembly reference: <see cref="From"/> (a TeleSante assembly) needs <see cref="To"/>.</summary>
internal sealed record AssemblyReference(string From, string To)
{
    public override string ToString() => $"{From} -> {To}";
}
