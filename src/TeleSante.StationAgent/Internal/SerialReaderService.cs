using System.IO.Ports;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeleSante.Contracts.V1;

namespace TeleSante.StationAgent.Internal;

/// <summary>
/// Reads every configured serial port, cuts its bytes into TSV1 sentences, and hands each valid one to
/// the outbox as a <see cref="ReadingBatch"/>; refused lines go to the rejected-lines file. One async
/// loop per port on <see cref="SerialPort.BaseStream"/>: no dedicated thread, because nothing here has to
/// block (ReadAsync is cancellable on Unix and Windows). SerialPort.ReadLine is not used on purpose: it
/// decodes characters (a damaged byte would become '?', hiding it from the checksum and from the
/// rejected-lines file) and buffers without limit while a device at the wrong baud rate never sends LF.
/// </summary>
internal sealed class SerialReaderService(
    DiskOutbox outbox,
    RejectedLineStore rejectedLines,
    AgentStatus status,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<SerialReaderService> logger) : BackgroundService
{
    private const int ReadBufferBytes = 4096;
    private readonly AgentOptions _options = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_options.Ports.Select(port => RunPortAsync(port, stoppingToken)));

    private async Task RunPortAsync(SerialPortOptions port, CancellationToken stoppingToken)
    {
        // The device's seq must keep rising across agent restarts: start from what the outbox has taken.
        var lastSeq = outbox.LastTakenSeq(port.DeviceId);
        var framer = new SerialLineFramer();
        var frames = new List<SerialFrame>();
        var buffer = new byte[ReadBufferBytes];
        while (!stoppingToken.IsCancellationRequested)
        {
            SerialPort? serial = null;
            var opened = false;
            try
            {
                serial = new SerialPort(port.Path, port.BaudRate, port.Parity, port.DataBits, port.StopBits)
                {
                    Handshake = port.Handshake,
                    ReadTimeout = SerialPort.InfiniteTimeout,
                };
                serial.Open();
                opened = true;
                status.PortOpened();
                AgentLog.PortOpened(logger, port.Path, port.DeviceId, port.BaudRate, lastSeq);
                var stream = serial.BaseStream;
                while (true)
                {
                    var read = await stream.ReadAsync(buffer, stoppingToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new IOException("the port reported end of stream");
                    }

                    framer.Push(buffer.AsSpan(0, read), frames);
                    lastSeq = await TakeAsync(port, frames, lastSeq).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
            {
                AgentLog.PortFailed(logger, port.Path, port.DeviceId, ex.Message, port.ReopenDelay);
            }
            finally
            {
                // Bytes already read from the port are the agent's responsibility: a partial line is kept
                // as a fragment rather than forgotten.
                framer.Flush(frames);
                lastSeq = await TakeAsync(port, frames, lastSeq).ConfigureAwait(false);
                if (opened)
                {
                    status.PortClosed();
                }

                serial?.Dispose();
            }

            try
            {
                await Task.Delay(port.ReopenDelay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Turns the frames of one read into outbox entries (one fsync for all) and refusals.</summary>
    private async ValueTask<ulong> TakeAsync(SerialPortOptions port, List<SerialFrame> frames, ulong lastSeq)
    {
        if (frames.Count == 0)
        {
            return lastSeq;
        }

        var drafts = new List<OutboxDraft>(frames.Count);
        var draftBytes = new List<byte[]>(frames.Count);
        foreach (var frame in frames)
        {
            switch (frame.Kind)
            {
                case SerialFrameKind.Empty:
                    status.EmptyLine();
                    break;
                case SerialFrameKind.Fragment:
                    Reject(port, new LineRejection(LineRejectionReason.Fragment, "bytes without a line end (cut by the next '$', by the port closing, or read from the middle of a line)"), frame.Bytes);
                    break;
                case SerialFrameKind.TooLong:
                    Reject(port, new LineRejection(LineRejectionReason.TooLong, $"no line end within {SerialLineProtocol.MaxLineBytes} bytes; the first {frame.Bytes.Length} are kept, {frame.DiscardedBytes} more were not"), frame.Bytes);
                    break;
                default:
                    if (!SerialLineProtocol.TryParse(frame.Bytes, out var sentence, out var rejection))
                    {
                        Reject(port, rejection, frame.Bytes);
                    }
                    else if (sentence.Seq <= lastSeq)
                    {
                        Reject(port, new LineRejection(LineRejectionReason.SeqNotIncreasing, $"seq {sentence.Seq} is not above {lastSeq}, the last taken from {port.DeviceId} (device counter reset?)"), frame.Bytes);
                    }
                    else
                    {
                        drafts.Add(new OutboxDraft(ToBatch(port, sentence), Encoding.ASCII.GetString(frame.Bytes)));
                        draftBytes.Add(frame.Bytes);
                        lastSeq = sentence.Seq;
                    }

                    break;
            }
        }

        frames.Clear();
        if (drafts.Count == 0)
        {
            return lastSeq;
        }

        long?[] ids;
        try
        {
            // Not cancellable: the bytes are already out of the port; they are either taken or refused.
            ids = await outbox.AppendAsync(drafts, CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            AgentLog.OutboxAppendFailed(logger, ex, port.Path, drafts.Count);
            ids = new long?[drafts.Count];
        }

        for (var i = 0; i < drafts.Count; i++)
        {
            if (ids[i] is { } id)
            {
                status.LineTaken();
                AgentLog.LineTaken(logger, port.DeviceId, drafts[i].Batch.Seq, id);
            }
            else
            {
                Reject(port, new LineRejection(LineRejectionReason.OutboxFull, "the outbox could not take the line (disk budget reached or write failed)"), draftBytes[i]);
            }
        }

        return lastSeq;
    }

    private ReadingBatch ToBatch(SerialPortOptions port, SerialSentence sentence)
    {
        var batch = new ReadingBatch
        {
            DeviceId = port.DeviceId,
            Seq = sentence.Seq,
            // The serial link has no separate send time: a sentence leaves the device when it is measured.
            DeviceTimeNs = sentence.TimeNs,
            SessionId = _options.SessionId,
            SiteId = _options.SiteId,
        };
        foreach (var observation in sentence.Observations)
        {
            batch.Observations.Add(new Observation
            {
                MdcCode = observation.MdcCode,
                Value = observation.Value,
                Unit = observation.Unit,
                TimeNs = sentence.TimeNs,
            });
        }

        foreach (var deviceEvent in sentence.EventList)
        {
            batch.Events.Add(new DeviceEvent { Code = deviceEvent.Code, MdcCode = deviceEvent.MdcCode, Text = deviceEvent.Text, TimeNs = sentence.TimeNs });
        }

        return batch;
    }

    private void Reject(SerialPortOptions port, LineRejection rejection, byte[] raw)
    {
        status.LineRejected(rejection.Reason);
        var escaped = new StringBuilder(raw.Length);
        RejectedLineStore.AppendEscaped(escaped, raw);
        AgentLog.LineRejected(logger, port.Path, port.DeviceId, rejection.Reason, rejection.Detail, escaped.ToString());
        try
        {
            rejectedLines.Add(time.GetUtcNow(), port.Path, port.DeviceId, rejection, raw);
        }
        catch (IOException ex)
        {
            AgentLog.RejectedLineNotKept(logger, ex, port.Path);
        }
    }
}
