namespace TeleSante.FirmwareSim.Serial;

public sealed record SerialVitalsDeviceOptions
{
    /// <summary>The serial port to write: a tty device or a pty (e.g. one end of a socat pty pair).
    /// Its line settings (baud, raw mode) are the port's own: set them with stty for a real UART.</summary>
    public required string PortPath { get; init; }

    /// <summary>Where the device keeps its sequence counter across power cycles.</summary>
    public required string SeqFile { get; init; }

    /// <summary>Time between sentences in <see cref="SerialVitalsDevice.RunAsync"/>. Default 1 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Every Nth sentence is a blood-pressure measurement (TSB1). Default 4.</summary>
    public int BloodPressureEvery { get; init; } = 4;

    /// <summary>Seed of the simulated physiology.</summary>
    public int Seed { get; init; } = 11;

    /// <summary>The device clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
