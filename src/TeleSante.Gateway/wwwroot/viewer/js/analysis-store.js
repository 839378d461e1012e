// What the gateway's ECG analysis sent (hub message 'Analysis', issue 12): beats with their class, the server's heart
// rate with the span of beats it was measured over, rhythm windows, proposed rhythm statements and spans not analysed. The viewer computes none of
// it: a value shown is the server's, with its time; "—" and the reason when the signal is not analysable.

const CLASS_TEXT = { N: 'N', S: 'S', V: 'V', F: 'F', Q: 'Q', Unknown: '•' };
const REASON_TEXT = {
  flat: 'flat signal (lead off?)', missing: 'no samples', gap: 'signal interrupted', overload: 'analysis overloaded',
  error: 'analysis failed', 'out-of-order': 'late data not analysed',
};

const STATEMENTS_SHOWN = 5;
const STATEMENTS_KEPT = 50;
// Evidence worth a glance in the panel (the rest is in the stored statement and the report form).
const EVIDENCE_TEXT = {
  ventricular_rate_bpm: v => `${Math.round(v)} /min`,
  sinus_rate_bpm: v => `sinus ${Math.round(v)} /min`,
  mean_qrs_ms: v => `QRS ${Math.round(v)} ms`,
  pause_s: v => `${v.toFixed(1)} s`,
  beats: v => `${Math.round(v)} beats`,
  ventricular_beats: v => `${Math.round(v)} V`,
};

/** One line of evidence for a statement, e.g. "12 beats · 142 /min · QRS 151 ms". */
export function evidenceText(statement) {
  return statement.evidence.filter(e => EVIDENCE_TEXT[e.name]).map(e => EVIDENCE_TEXT[e.name](e.value)).join(' · ');
}

export class AnalysisStore {
  constructor(keepMs) {
    this.keepMs = keepMs;
    this.beats = []; // { t (ms), cls, rrMs }, sorted by t
    this.rate = null; // { bpm, fromMs, toMs, intervals }
    this.notAnalysed = []; // { fromMs, toMs, code, lead, open }
    this.rhythms = [];
    this.statements = []; // { code, display, fromMs, toMs, evidence: [{ name, value, unit }], provisional, withdrawnMs, withdrawnReason }, sorted by fromMs
    this.analysedToMs = -Infinity;
    this.messages = 0;
  }

  add(a) {
    this.messages++;
    for (const b of a.beats ?? []) {
      const t = Number(b.timeNs) / 1e6;
      let i = this.beats.length;
      while (i > 0 && this.beats[i - 1].t > t) i--;
      if (i > 0 && Math.abs(this.beats[i - 1].t - t) < 1) continue; // the same beat twice (history then live)
      this.beats.splice(i, 0, { t, cls: b.cls, rrMs: b.rrMs ?? null });
    }
    if (a.rate && (!this.rate || Number(a.rate.toNs) / 1e6 >= this.rate.toMs)) {
      this.rate = { bpm: a.rate.bpm, fromMs: Number(a.rate.fromNs) / 1e6, toMs: Number(a.rate.toNs) / 1e6, intervals: a.rate.intervals };
    }
    // An open span is replaced by the next report of the same span (it grows until it closes).
    const spans = (a.notAnalysed ?? []).map(s => ({ fromMs: Number(s.fromNs) / 1e6, toMs: Number(s.toNs) / 1e6, code: s.code, lead: s.lead, open: !!s.open }));
    this.notAnalysed = this.notAnalysed.filter(s => !(s.open && spans.some(n => Math.abs(n.fromMs - s.fromMs) < 1)));
    this.notAnalysed.push(...spans);
    for (const r of a.rhythms ?? []) this.rhythms.push({ fromMs: Number(r.fromNs) / 1e6, toMs: Number(r.toNs) / 1e6, code: r.code, probability: r.probability });
    for (const s of a.statements ?? []) {
      const st = {
        code: s.code, display: s.display, fromMs: Number(s.fromNs) / 1e6, toMs: Number(s.toNs) / 1e6,
        evidence: (s.evidence ?? []).map(e => ({ name: e.name, value: e.value, unit: e.unit })),
        provisional: !!s.provisional && s.withdrawnNs == null,
        withdrawnMs: s.withdrawnNs == null ? null : Number(s.withdrawnNs) / 1e6,
        withdrawnReason: s.withdrawnReason ?? null,
      };
      // One statement per id (code and start): sent again (late-join history then live, or an urgent statement sent early,
      // grown, then confirmed or withdrawn), the newer version replaces the older, never a second line. A final version
      // (confirmed or withdrawn) is never replaced by a provisional one that arrives after it.
      const same = this.statements.findIndex(x => x.code === st.code && Math.abs(x.fromMs - st.fromMs) < 1);
      if (same >= 0) {
        const old = this.statements[same];
        if (!st.provisional && old.provisional) this.statements[same] = st;
        else if (st.provisional === old.provisional && st.toMs >= old.toMs) this.statements[same] = st;
        continue;
      }
      this.statements.push(st);
    }
    this.statements.sort((x, y) => x.fromMs - y.fromMs);
    this.analysedToMs = Math.max(this.analysedToMs, Number(a.toNs) / 1e6);
  }

  /** The newest proposed statements (by start), newest first: a statement arrives when its block of beats closes, so it
   * is kept by count, not pruned with the trace, and always shown with its own span. */
  recentStatements(count = STATEMENTS_SHOWN) {
    return this.statements.slice(-count).reverse();
  }

  beatsIn(fromMs, toMs) {
    return this.beats.filter(b => b.t >= fromMs && b.t < toMs);
  }

  /** The whole-stream span not analysed that holds the newest analysed time, if any (what the HR tile must say). */
  currentlyNotAnalysed() {
    return this.notAnalysed.find(s => s.lead === 0 && s.toMs >= this.analysedToMs - 1 && (s.open || s.code === 'overload' || s.code === 'error')) ?? null;
  }

  /** For the HR tile: the server's rate, or the reason there is none. */
  heartRate() {
    const down = this.currentlyNotAnalysed();
    if (down) return { bpm: null, reason: REASON_TEXT[down.code] ?? down.code, sinceMs: down.fromMs };
    if (this.rate && this.rate.toMs > this.analysedToMs - 10000) return { ...this.rate };
    if (this.messages === 0) return { bpm: null, reason: 'waiting for the analysis' };
    return { bpm: null, reason: 'no beats detected in the last 10 s' };
  }

  prune(nowMs) {
    if (!Number.isFinite(this.keepMs)) return;
    const before = nowMs - this.keepMs;
    while (this.beats.length && this.beats[0].t < before) this.beats.shift();
    this.notAnalysed = this.notAnalysed.filter(s => s.toMs >= before || s.open);
    this.rhythms = this.rhythms.filter(r => r.toMs >= before);
    if (this.statements.length > STATEMENTS_KEPT) this.statements.splice(0, this.statements.length - STATEMENTS_KEPT);
  }
}

export function classText(cls) { return CLASS_TEXT[cls] ?? '?'; }
