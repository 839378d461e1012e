namespace TeleSante.Bench.Gateway;

/// <summary>Acknowledged versus stored, once the backlog has drained: every acknowledged ECG batch must
/// be 12 chunk points in <c>waveform</c>, every acknowledged vitals document 6 points in <c>observation</c>.</summary>
/// <param name="DevicesShort">Devices with fewer stored points than their acknowledged batches imply.</param>
public sealed record StorageCheck(long EcgBatchesAcked, long WaveformPointsExpected, long WaveformPointsStored, long VitalsAcked, long ObservationPointsExpected, long ObservationPointsStored, int DevicesShort, IReadOnlyList<string> ShortExamples)
{
    public bool Complete => WaveformPointsStored >= WaveformPointsExpected && ObservationPointsStored >= ObservationPointsExpected && DevicesShort == 0;
}
