// Heart rate from lead II in the browser: a derivative-and-threshold R-peak detector in the spirit of
// Pan & Tompkins (IEEE TBME 32(3), 1985), simplified: mains-null moving average, 10 ms slope,
// squared, 100 ms moving-window integration, adaptive threshold, 250 ms refractory period.
// Samples must come in time order; a discontinuity (gap) restarts the detector.

export class BeatDetector {
  constructor() {
    this.rr = []; // recent RR intervals, ms
    this.beats = []; // recent beat times, ms
    this.reset();
  }

  reset() {
    this.rate = 0;
    this.expectedT = null;
    this.smooth = null;
    this.history = null;
    this.window = null;
    this.count = 0;
    this.peak = 0;
    this.above = false;
    this.lastBeat = null;
  }

  configure(rateHz) {
    this.rate = rateHz;
    const mainsTaps = Math.max(1, Math.round(rateHz / 50)); // a moving average of one mains period nulls 50 Hz
    const slopeLag = Math.max(1, Math.round(rateHz * 0.010));
    const integration = Math.max(1, Math.round(rateHz * 0.100));
    this.smooth = { taps: new Float32Array(mainsTaps), i: 0, sum: 0 };
    this.history = { buf: new Float32Array(slopeLag), i: 0 };
    this.window = { buf: new Float32Array(integration), i: 0, sum: 0 };
    this.count = 0;
  }

  /** Feeds one chunk of lead II: t0 (ms) of its first sample, dt (ms) between samples, values (mV). */
  push(t0, dt, mv) {
    const rateHz = 1000 / dt;
    if (this.expectedT !== null && t0 < this.expectedT - dt / 2) return; // older than what we have seen
    if (this.expectedT === null || t0 > this.expectedT + 1.5 * dt || Math.abs(rateHz - this.rate) > 0.01) {
      const keepRr = this.rr;
      this.reset();
      this.rr = keepRr;
      this.configure(rateHz);
    }
    const s = this.smooth, h = this.history, w = this.window;
    const settle = Math.round(rateHz * 0.5);
    for (let k = 0; k < mv.length; k++) {
      const t = t0 + k * dt;
      s.sum += mv[k] - s.taps[s.i]; s.taps[s.i] = mv[k]; s.i = (s.i + 1) % s.taps.length;
      const x = s.sum / s.taps.length;
      const slope = x - h.buf[h.i]; h.buf[h.i] = x; h.i = (h.i + 1) % h.buf.length;
      const energy = slope * slope;
      w.sum += energy - w.buf[w.i]; w.buf[w.i] = energy; w.i = (w.i + 1) % w.buf.length;
      const e = w.sum;
      this.count++;
      // Peak level decays by half over ~2 s so the threshold follows amplitude changes.
      this.peak = Math.max(e, this.peak * Math.pow(0.5, dt / 2000));
      if (this.count < settle) continue;
      const threshold = 0.3 * this.peak;
      if (!this.above && e > threshold) {
        this.above = true;
        if (this.lastBeat === null || t - this.lastBeat > 250) this.beat(t);
      } else if (this.above && e < 0.5 * threshold) {
        this.above = false;
      }
    }
    this.expectedT = t0 + mv.length * dt;
  }

  beat(t) {
    if (this.lastBeat !== null) {
      const rr = t - this.lastBeat;
      if (rr >= 250 && rr <= 2500) {
        this.rr.push(rr);
        if (this.rr.length > 8) this.rr.shift();
      }
    }
    this.lastBeat = t;
    this.beats.push(t);
    if (this.beats.length > 32) this.beats.shift();
  }

  /** Median of the last (up to) 8 RR intervals as beats per minute; null with fewer than 3 intervals
   * or when no beat was seen in the last 5 s of signal. */
  heartRate(latestSignalMs) {
    if (this.rr.length < 3 || this.lastBeat === null || latestSignalMs - this.lastBeat > 5000) return null;
    const sorted = [...this.rr].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    return 60000 / median;
  }
}
