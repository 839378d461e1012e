using System.Diagnostics.CodeAnalysis;

namespace TeleSante.Clinical;

/// <summary>What a clinical operation produced: either its value or a typed <see cref="Refusal"/>, never
/// both. Refusals are expected outcomes (a second specialist accepting, a withdrawn consent), not
/// exceptions: the API will map them to problem responses, the worklist to notices.</summary>
public readonly struct Outcome<T>
{
    private readonly T? _value;

    private Outcome(T? value, Refusal? refusal)
    {
        _value = value;
        Refusal = refusal;
    }

    /// <summary>Null when the operation succeeded.</summary>
    public Refusal? Refusal { get; }

    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool Succeeded => Refusal is null;

    /// <summary>The value; throws when the operation was refused (check <see cref="Succeeded"/> first).</summary>
    public T Value => Refusal is null ? _value! : throw new InvalidOperationException($"The operation was refused: {Refusal}");

    public static Outcome<T> Success(T value) => new(value, null);

    public static Outcome<T> Refused(Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return new(default, refusal);
    }

    public static implicit operator Outcome<T>(Refusal refusal) => Refused(refusal);

    public static implicit operator Outcome<T>(T value) => Success(value);

    public override string ToString() => Refusal is null ? $"success: {_value}" : $"refused: {Refusal}";
}
