using TeleSante.Signal.Wfdb.Internal;

namespace TeleSante.Signal.Wfdb;

/// <summary>The annotations of one annotation file (e.g. <c>100.atr</c>), in file order.</summary>
public sealed class WfdbAnnotations : IReadOnlyList<WfdbAnnotation>
{
    private readonly List<WfdbAnnotation> _items;

    private WfdbAnnotations(List<WfdbAnnotation> items, double samplingFrequency)
    {
        _items = items;
        SamplingFrequency = samplingFrequency;
    }

    /// <summary>Frames per second of the annotated record, used for <see cref="WfdbAnnotation.Seconds"/>.</summary>
    public double SamplingFrequency { get; }

    public int Count => _items.Count;

    public WfdbAnnotation this[int index] => _items[index];

    /// <summary>
    /// Reads an MIT-format annotation file. The file stores sample indexes only, so the record's
    /// <paramref name="samplingFrequency"/> (from its header) is needed to give times in seconds.
    /// </summary>
    /// <exception cref="WfdbFormatException">The file is truncated or malformed.</exception>
    public static WfdbAnnotations Read(string path, double samplingFrequency)
    {
        if (!(samplingFrequency > 0) || !double.IsFinite(samplingFrequency))
        {
            throw new ArgumentOutOfRangeException(nameof(samplingFrequency), samplingFrequency, "must be a positive number of frames per second");
        }

        var bytes = File.ReadAllBytes(path);
        return new WfdbAnnotations(AnnotationDecoder.Decode(bytes, path, samplingFrequency), samplingFrequency);
    }

    /// <summary>True for the beat codes N, L, R, B, A, a, J, S, V, r, F, e, j, n, E, /, f, Q, ? (annotation(5)).</summary>
    public static bool IsBeat(int code) => AnnotationTable.IsBeat(code);

    /// <summary>The mnemonic PhysioNet's tools print for <paramref name="code"/>, or "[code]" for an unassigned one.</summary>
    public static string MnemonicOf(int code) => AnnotationTable.Mnemonic(code);

    public IEnumerator<WfdbAnnotation> GetEnumerator() => _items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
