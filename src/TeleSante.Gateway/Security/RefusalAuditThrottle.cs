using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using TeleSante.Access.Audit;

namespace TeleSante.Gateway.Security;

/// <summary>
/// Refused authentication is audited one entry per attempt, up to Security:RefusedAuditPerAddress per
/// Security:RefusedAuditWindow and remote address; beyond that the attempts are counted and written as
/// one summary entry when the address's window ends. Each entry is an fsync'd insert behind the audit
/// trail's single writer, so a flood of forged tokens from one address would otherwise slow the audit of
/// every legitimate read (and the reads with it) while filling the trail with copies.
/// </summary>
internal sealed class RefusalAuditThrottle(IAuditTrail audit, IOptions<SecurityOptions> options, TimeProvider time)
{
    // Past this many addresses, windows that have ended are forgotten (their summaries written first).
    private const int MaxTrackedAddresses = 10_000;
    private const string AddressPrefix = "address/";
    private const string DevicePrefix = "device/";
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public Task RecordAsync(AuditEntry entry, string? remote) => RecordAsync(entry, AddressPrefix + AddressOf(remote), options.Value.RefusedAuditPerAddress);

    /// <summary>An authenticated device's refused access (MQTT topics it may not publish or subscribe to):
    /// one by one up to Security:RefusedAuditPerDevice per window and device, then counted, so a device
    /// looping over forbidden topics cannot slow the broker or bury the trail.</summary>
    public Task RecordForDeviceAsync(AuditEntry entry) => RecordAsync(entry, DevicePrefix + entry.Actor, options.Value.RefusedAuditPerDevice);

    private async Task RecordAsync(AuditEntry entry, string key, int limit)
    {
        var now = time.GetUtcNow();
        var window = _windows.GetOrAdd(key, _ => new Window(now));
        long summary;
        bool record;
        lock (window)
        {
            window.Action = entry.Action;
            summary = window.RollIfEnded(now, options.Value.RefusedAuditWindow);
            window.Count++;
            record = window.Count <= limit;
            if (!record)
            {
                window.Suppressed++;
            }
        }

        if (summary > 0)
        {
            await WriteSummaryAsync(key, entry.Action, summary).ConfigureAwait(false);
        }

        if (record)
        {
            await audit.RecordAsync(entry, CancellationToken.None).ConfigureAwait(false);
        }

        if (_windows.Count > MaxTrackedAddresses)
        {
            await FlushEndedAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Writes the summaries of windows that have ended and forgets them (called periodically, so a
    /// flood that stops is still in the trail without waiting for the address to try again).</summary>
    /// <param name="includeCurrent">Also windows still running (at shutdown).</param>
    public async Task FlushEndedAsync(bool includeCurrent = false)
    {
        var now = time.GetUtcNow();
        foreach (var (key, window) in _windows)
        {
            long summary;
            bool idle;
            lock (window)
            {
                if (!includeCurrent && now - window.Start < options.Value.RefusedAuditWindow)
                {
                    continue;
                }

                idle = window.Count == 0;
                if (includeCurrent)
                {
                    summary = window.Suppressed;
                    window.Suppressed = 0;
                }
                else
                {
                    summary = window.RollIfEnded(now, options.Value.RefusedAuditWindow);
                }
            }

            // Only a window without attempts in its last period is forgotten, so nothing counted is lost.
            if (idle)
            {
                _windows.TryRemove(key, out _);
            }

            if (summary > 0)
            {
                await WriteSummaryAsync(key, window.Action, summary).ConfigureAwait(false);
            }
        }
    }

    private Task WriteSummaryAsync(string key, string action, long suppressed)
    {
        if (key.StartsWith(DevicePrefix, StringComparison.Ordinal))
        {
            return audit.RecordAsync(new AuditEntry(key[DevicePrefix.Length..], action, key, AuditEntry.Denied, null,
                string.Create(CultureInfo.InvariantCulture, $"{suppressed} further refused attempts by this device in one window were counted, not recorded one by one (Security:RefusedAuditPerDevice {options.Value.RefusedAuditPerDevice} per {options.Value.RefusedAuditWindow})")),
                CancellationToken.None);
        }

        var address = key[AddressPrefix.Length..];
        return audit.RecordAsync(new AuditEntry("anonymous", action, key, AuditEntry.Denied, address,
            string.Create(CultureInfo.InvariantCulture, $"{suppressed} further refused attempts from this address in one window were counted, not recorded one by one (Security:RefusedAuditPerAddress {options.Value.RefusedAuditPerAddress} per {options.Value.RefusedAuditWindow})")),
            CancellationToken.None);
    }

    /// <summary>The host part of "1.2.3.4", "ipv4:1.2.3.4:5678" (gRPC peer) or "[::1]:5678".</summary>
    private static string AddressOf(string? remote)
    {
        if (string.IsNullOrEmpty(remote))
        {
            return "unknown";
        }

        var value = remote.StartsWith("ipv4:", StringComparison.Ordinal) || remote.StartsWith("ipv6:", StringComparison.Ordinal) ? remote[5..] : remote;
        if (value.StartsWith('['))
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? value[1..close] : value;
        }

        var colon = value.LastIndexOf(':');
        return colon > 0 && value.IndexOf(':', StringComparison.Ordinal) == colon ? value[..colon] : value;
    }

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; private set; } = start;

        public long Count { get; set; }

        public long Suppressed { get; set; }

        /// <summary>What the suppressed attempts were (device.connect, practitioner.authenticate).</summary>
        public string Action { get; set; } = string.Empty;

        /// <summary>Starts a new window when the current one has ended; returns the ended window's suppressed count.</summary>
        public long RollIfEnded(DateTimeOffset now, TimeSpan length)
        {
            if (now - Start < length)
            {
                return 0;
            }

            var suppressed = Suppressed;
            Start = now;
            Count = 0;
            Suppressed = 0;
            return suppressed;
        }
    }
}
