// Received waveform samples per channel (MDC code), in time order and in physical units (mV for ECG),
// with the intervals the gateway announced as dropped. Times are ms since the Unix epoch (device clock).

const MICROVOLT = 'uV';

export class SignalStore {
  /** @param {number} keepMs how much signal to keep behind the newest sample (Infinity in review mode). */
  constructor(keepMs) {
    this.keepMs = keepMs;
    this.channels = new Map(); // mdc -> { mdc, label, chunks: [{ t0, dt, end, mv }] }
    this.dropped = []; // [{ fromMs, toMs }]
    this.latestMs = -Infinity;
    this.maxChunkMs = 0;
  }

  /** Adds one LiveChunk; returns the per-channel arrays added (for the beat detector). */
  addChunk(chunk) {
    const t0 = Number(chunk.startTimeNs) / 1e6;
    const dt = 1000 / chunk.sampleRateHz;
    const added = [];
    for (const ch of chunk.channels) {
      const n = ch.samples.length;
      if (n === 0) continue;
      const scale = ch.unit === MICROVOLT ? 1 / (ch.gain * 1000) : 1 / ch.gain;
      const mv = new Float32Array(n);
      for (let i = 0; i < n; i++) mv[i] = (ch.samples[i] - ch.baseline) * scale;
      const entry = { t0, dt, end: t0 + n * dt, mv };
      if (this.insert(ch.mdcCode, ch.label, entry)) added.push({ mdc: ch.mdcCode, label: ch.label, ...entry });
    }
    if (added.length > 0) {
      this.latestMs = Math.max(this.latestMs, added[0].end);
      this.maxChunkMs = Math.max(this.maxChunkMs, added[0].end - t0);
    }
    return added;
  }

  /** Records frames the gateway dropped for this connection (a gap marker, never a stretched trace). */
  addDropped(fromMs, toMs) {
    if (toMs > fromMs) this.dropped.push({ fromMs, toMs });
  }

  insert(mdc, label, entry) {
    let channel = this.channels.get(mdc);
    if (!channel) {
      channel = { mdc, label, chunks: [] };
      this.channels.set(mdc, channel);
    }
    const chunks = channel.chunks;
    // Usually appended; history and reordered frames are inserted in place; an exact duplicate is ignored.
    let i = chunks.length;
    while (i > 0 && chunks[i - 1].t0 > entry.t0) i--;
    if (i > 0 && Math.abs(chunks[i - 1].t0 - entry.t0) < entry.dt / 2) return false;
    chunks.splice(i, 0, entry);
    return true;
  }

  prune() {
    if (!Number.isFinite(this.keepMs)) return;
    const limit = this.latestMs - this.keepMs;
    for (const channel of this.channels.values()) {
      let k = 0;
      while (k < channel.chunks.length && channel.chunks[k].end < limit) k++;
      if (k > 0) channel.chunks.splice(0, k);
    }
    this.dropped = this.dropped.filter(g => g.toMs >= limit);
  }

  /** The earliest sample time held on any channel (Infinity when empty). */
  earliestMs() {
    let t = Infinity;
    for (const channel of this.channels.values()) if (channel.chunks.length) t = Math.min(t, channel.chunks[0].t0);
    return t;
  }

  labels() {
    return [...this.channels.values()].map(c => ({ mdc: c.mdc, label: c.label }));
  }

  /**
   * Calls visit(t, mv) for every sample of `mdc` with a <= t < b, in time order, and
   * onBreak(fromMs, toMs) where consecutive samples are further apart than 1.5 sample periods
   * (missing data: the trace is broken there, never joined across).
   */
  scan(mdc, a, b, visit, onBreak) {
    const channel = this.channels.get(mdc);
    if (!channel) return null;
    const chunks = channel.chunks;
    // First chunk that may hold t >= a.
    let lo = 0, hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (chunks[mid].end <= a) lo = mid + 1; else hi = mid;
    }
    let prevT = null, prevDt = 0, first = null;
    for (let c = lo; c < chunks.length; c++) {
      const { t0, dt, mv } = chunks[c];
      if (t0 >= b) break;
      let i = t0 >= a ? 0 : Math.ceil((a - t0) / dt);
      for (; i < mv.length; i++) {
        const t = t0 + i * dt;
        if (t >= b) break;
        if (prevT !== null && t - prevT > 1.5 * Math.max(dt, prevDt)) {
          onBreak(prevT + prevDt, t);
          prevT = null;
        }
        visit(t, mv[i], prevT === null);
        if (first === null) first = t;
        prevT = t;
        prevDt = dt;
      }
    }
    return first === null ? null : { first, last: prevT, dt: prevDt };
  }

  /** True when `mdc` has samples before `t` and samples after `u`: a hole between them is missing data,
   * not the time before the recording started or after its newest sample. */
  surrounds(mdc, t, u) {
    const channel = this.channels.get(mdc);
    if (!channel || channel.chunks.length === 0) return false;
    return channel.chunks[0].t0 < t && channel.chunks[channel.chunks.length - 1].end > u;
  }

  droppedIn(a, b) {
    return this.dropped.filter(g => g.toMs > a && g.fromMs < b);
  }
}
