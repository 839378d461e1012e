using TeleSante.Contracts.V1;

namespace TeleSante.Storage;

/// <summary>
/// Accepted batches gathered for one write to an <see cref="IReadingSink"/>, in the store's own
/// format. Reused: <see cref="Clear"/> after each write keeps its memory. Not thread-safe.
/// </summary>
public interface IReadingWriteBuffer : IDisposable
{
    /// <summary>Batches added since the last <see cref="Clear"/>.</summary>
    int BatchCount { get; }

    /// <summary>True once the buffer reached the store's size limits for one write (e.g.
    /// <c>Influx:MaxBatchLines</c>, <c>Influx:MaxBatchBytes</c>): write it before adding more.</summary>
    bool IsFull { get; }

    /// <summary>Adds every reading of <paramref name="batch"/>.</summary>
    /// <exception cref="ArgumentException">The batch cannot be represented in this store (it passed
    /// validation, so this is a bug or a format change). It is not counted in <see cref="BatchCount"/>
    /// and is not written as a whole; readings of it already encoded may be.</exception>
    void Add(ReadingBatch batch);

    /// <summary>Empties the buffer for the next write.</summary>
    void Clear();
}
