using System.ComponentModel.DataAnnotations;
using System.IO.Ports;
using TeleSante.Domain.Validation;

namespace TeleSante.StationAgent;

/// <summary>One serial device attached to the station: where it is and who it is. An item of
/// <c>Agent:Ports</c>, e.g. <c>Agent:Ports:0:Path=/dev/ttyUSB0</c>, <c>Agent:Ports:0:DeviceId=ph-lyon-03-bp1</c>.</summary>
public sealed class SerialPortOptions
{
    /// <summary>Device path (<c>/dev/ttyUSB0</c>, <c>/dev/serial/by-id/…</c>, a pty or its symlink). Required.</summary>
    [Required]
    public string Path { get; set; } = string.Empty;

    /// <summary>The gateway device id the readings of this port are sent as. Required; an identifier (TeleSante.Domain.Validation.Identifiers).</summary>
    [Required]
    [Identifier]
    public string DeviceId { get; set; } = string.Empty;

    /// <summary>Line speed. Default 9600, the TSV1 default (NMEA devices use 4800 or 38400).</summary>
    [Range(50, 4_000_000)]
    public int BaudRate { get; set; } = 9600;

    /// <summary>Data bits. Default 8.</summary>
    [Range(5, 8)]
    public int DataBits { get; set; } = 8;

    /// <summary>Parity. Default None.</summary>
    public Parity Parity { get; set; } = Parity.None;

    /// <summary>Stop bits. Default One.</summary>
    public StopBits StopBits { get; set; } = StopBits.One;

    /// <summary>Flow control. Default None (TSV1 devices do not wait for the agent); RequestToSend lets a
    /// device that supports RTS/CTS pause while the agent is not reading.</summary>
    public Handshake Handshake { get; set; } = Handshake.None;

    /// <summary>Wait before opening the port again after it failed or disappeared (USB adapter unplugged). Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ReopenDelay { get; set; } = TimeSpan.FromSeconds(2);
}
