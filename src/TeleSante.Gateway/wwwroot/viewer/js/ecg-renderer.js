// Draws the ECG as on printed paper: 1 mm / 5 mm grid, 25 mm/s and 10 mm/mV by default (so 1 mm is
// 40 ms and 0.1 mV), calibrated to the screen's CSS pixels per millimetre; 1 mV calibration pulse at
// the start of each row; 12-lead 3 x 4 layout (I aVR V1 V4 / II aVL V2 V5 / III aVF V3 V6, 2.5 s each
// at 25 mm/s) with a lead II rhythm strip, or a single lead over several rows.
// Live display sweeps left to right like a monitor: the current page is drawn up to the display time,
// the rest of the row still shows the previous page beyond a short erase gap.

import { classText } from './analysis-store.js';

export const CSS_PX_PER_MM = 96 / 25.4; // CSS reference pixel: 1/96 inch

// MDC codes (ISO/IEEE 11073-10101) of the leads, as in CodeCatalog.
export const LEADS = {
  I: 131329, II: 131330, III: 131389, aVR: 131390, aVL: 131391, aVF: 131392,
  V1: 131331, V2: 131332, V3: 131333, V4: 131334, V5: 131335, V6: 131336,
};

const TWELVE_LEAD_ROWS = [
  ['I', 'aVR', 'V1', 'V4'],
  ['II', 'aVL', 'V2', 'V5'],
  ['III', 'aVF', 'V3', 'V6'],
];

const PAPER = '#fffdfd';
const DESK = '#eceef1';
const SMALL_GRID = '#f6c9c9';
const LARGE_GRID = '#e58c8c';
const TRACE = '#111111';
// Beat marks in blue, apart from the trace's black and the grid's reds.
const BEAT = '#1f5fbf';
const BEAT_ECTOPIC = '#c05800';
const CAL_PULSE_S = 0.2; // the 1 mV calibration pulse lasts 200 ms
const ERASE_MS = 200; // blank between the newest sweep and the previous page
const TWELVE_LEAD_PAPER_MM = 250; // 10 s at 25 mm/s, as on a printed 12-lead

export class EcgRenderer {
  constructor(canvas, box) {
    this.canvas = canvas;
    this.box = box;
    this.ctx = canvas.getContext('2d');
    this.grid = document.createElement('canvas');
    this.settings = { layout: '12', lead: LEADS.II, speed: 25, gain: 10, calibration: 1 };
    this.geometry = null;
    this.gridKey = '';
    this.lastDraw = null;
  }

  get pxPerMm() { return CSS_PX_PER_MM * this.settings.calibration; }

  /** Lays out rows and strips for the current box size and settings (CSS px). */
  computeGeometry() {
    const { layout, speed, lead } = this.settings;
    const pxPerMm = this.pxPerMm;
    const widthPx = Math.max(200, this.box.clientWidth);
    const heightPx = Math.max(150, this.box.clientHeight);
    const widthMm = Math.floor(widthPx / pxPerMm);
    const heightMm = Math.floor(heightPx / pxPerMm);
    // Left margin holds the calibration pulse (200 ms wide at the paper speed) with flat line around it.
    const calMm = CAL_PULSE_S * speed;
    const marginMm = Math.ceil((calMm + 5) / 5) * 5;
    const availMm = Math.max(20, widthMm - marginMm - 2);
    const strips = [];
    const rows = [];
    let pageMs, traceMm;
    if (layout === '12') {
      traceMm = Math.min(TWELVE_LEAD_PAPER_MM, Math.floor(availMm / 20) * 20);
      const rowMm = clamp(Math.floor(heightMm / 4 / 5) * 5, 20, 50);
      pageMs = (traceMm / speed) * 1000;
      const colMm = traceMm / 4;
      for (let r = 0; r < 4; r++) {
        const top = r * rowMm;
        const baseline = top + Math.round(rowMm * 0.6);
        rows.push({ topMm: top, bottomMm: top + rowMm, baselineMm: baseline });
        if (r < 3) {
          for (let c = 0; c < 4; c++) {
            const label = TWELVE_LEAD_ROWS[r][c];
            strips.push(strip(label, LEADS[label], r, c, marginMm + c * colMm, colMm, c * pageMs / 4, pageMs / 4, top, rowMm, baseline, pxPerMm));
          }
        } else {
          strips.push(strip('II', LEADS.II, r, 0, marginMm, traceMm, 0, pageMs, top, rowMm, baseline, pxPerMm, true));
        }
      }
    } else {
      traceMm = Math.floor(availMm / 5) * 5;
      const rowCount = clamp(Math.floor(heightMm / 40), 1, 4);
      const rowMm = clamp(Math.floor(heightMm / rowCount / 5) * 5, 20, 60);
      const rowMs = (traceMm / speed) * 1000;
      pageMs = rowMs * rowCount;
      const label = Object.keys(LEADS).find(k => LEADS[k] === lead) ?? String(lead);
      for (let r = 0; r < rowCount; r++) {
        const top = r * rowMm;
        const baseline = top + Math.round(rowMm * 0.6);
        rows.push({ topMm: top, bottomMm: top + rowMm, baselineMm: baseline });
        strips.push(strip(label, lead, r, 0, marginMm, traceMm, r * rowMs, rowMs, top, rowMm, baseline, pxPerMm, true));
      }
    }
    const paperHeightMm = rows.length ? rows[rows.length - 1].bottomMm : heightMm;
    const paperWidthMm = Math.min(widthMm, marginMm + traceMm + 5);
    const rowMs = layout === '12' ? pageMs : pageMs / rows.length;
    // A 12-lead page is the printed format (10 s on 250 mm at 25 mm/s, 2.5 s per lead): on a wider screen
    // the paper ends before the box does, and the page says so rather than leaving the width unexplained.
    const pageNote = layout === '12' && traceMm < availMm - 5
      ? `${fmtSeconds(pageMs)} s page: ${traceMm} mm at ${speed} mm/s, as a printed 12-lead (${fmtSeconds(pageMs / 4)} s per lead)`
      : null;
    this.geometry = {
      pxPerMm, widthPx, heightPx: Math.max(heightPx, paperHeightMm * pxPerMm),
      paperWidthMm, paperHeightMm, marginMm, calMm, traceMm, pageMs, rowMs, rows, strips, pageNote,
    };
    return this.geometry;
  }

  /**
   * Which page a display time falls on. 12-lead: pages of pageMs, swept left to right over the
   * previous page like a monitor. Single lead: consecutive rows with the newest row at the bottom
   * (full-disclosure style: when it is full, every row moves up one), so the screen always shows the
   * last rows of signal.
   */
  view(displayMs) {
    const g = this.geometry ?? this.computeGeometry();
    if (this.settings.layout === '12') {
      return { pageStartMs: Math.floor(displayMs / g.pageMs) * g.pageMs, displayMs, sweep: true };
    }
    const rowStart = Math.floor(displayMs / g.rowMs) * g.rowMs;
    return { pageStartMs: rowStart - (g.rows.length - 1) * g.rowMs, displayMs, sweep: false };
  }

  resize() {
    const g = this.computeGeometry();
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(g.widthPx * dpr), h = Math.round(g.heightPx * dpr);
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
      this.canvas.style.width = `${g.widthPx}px`;
      this.canvas.style.height = `${g.heightPx}px`;
    }
    const key = `${w}x${h}@${g.pxPerMm}/${g.paperWidthMm}x${g.paperHeightMm}`;
    if (key !== this.gridKey) {
      this.drawGrid(w, h, dpr, g);
      this.gridKey = key;
    }
    return g;
  }

  /** The millimetre grid, drawn once per size in device pixels: each line snapped to the nearest
   * device pixel (error under half a pixel, never accumulated), 5 mm lines darker and wider. The paper
   * ends where the traces end; the rest of the box is background. */
  drawGrid(w, h, dpr, geometry) {
    this.grid.width = w;
    this.grid.height = h;
    const g = this.grid.getContext('2d');
    g.fillStyle = DESK;
    g.fillRect(0, 0, w, h);
    const step = geometry.pxPerMm * dpr;
    const pw = Math.min(w, Math.round(geometry.paperWidthMm * step) + 1);
    const ph = Math.min(h, Math.round(geometry.paperHeightMm * step) + 1);
    g.fillStyle = PAPER;
    g.fillRect(0, 0, pw, ph);
    const small = Math.max(1, Math.round(dpr * 0.6));
    const large = Math.max(1, Math.round(dpr * 1.2));
    for (const major of [false, true]) {
      g.fillStyle = major ? LARGE_GRID : SMALL_GRID;
      const width = major ? large : small;
      for (let k = 0; k * step <= pw; k++) {
        if ((k % 5 === 0) !== major) continue;
        g.fillRect(Math.round(k * step) - (width >> 1), 0, width, ph);
      }
      for (let k = 0; k * step <= ph; k++) {
        if ((k % 5 === 0) !== major) continue;
        g.fillRect(0, Math.round(k * step) - (width >> 1), pw, width);
      }
    }
  }

  /**
   * Draws one screen. view: { pageStartMs, displayMs, sweep (previous page beyond the erase gap) }.
   * Returns the layout actually drawn (for the footer and for automated checks).
   */
  draw(store, view, analysis = null) {
    const g = this.resize();
    const ctx = this.ctx;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.grid, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const { pxPerMm } = g;
    const pxPerMs = (this.settings.speed * pxPerMm) / 1000;
    const mvToPx = this.settings.gain * pxPerMm;
    const drawn = [];
    const markers = [];
    const beatMarks = [];

    for (const s of g.strips) {
      const a = view.pageStartMs + s.offsetMs;
      const b = a + s.durationMs;
      const segments = [];
      // Current page up to the display time.
      segments.push({ from: a, to: Math.min(b, view.displayMs), shift: 0 });
      // Previous page still visible ahead of the sweep.
      if (view.sweep) {
        const from = Math.max(a, view.displayMs + ERASE_MS);
        if (from < b) segments.push({ from: from - g.pageMs, to: b - g.pageMs, shift: g.pageMs });
      }
      const baselineY = s.baselineMm * pxPerMm;
      const top = s.topMm * pxPerMm, bottom = s.bottomMm * pxPerMm;
      let current = null; // what the current page's segment holds, for automated checks
      for (const seg of segments) {
        if (seg.to <= seg.from) continue;
        const xOf = t => s.xPx + (t + seg.shift - a) * pxPerMs;
        const breaks = [];
        ctx.beginPath();
        const span = store.scan(s.mdc, seg.from, seg.to, (t, mv, first) => {
          const x = xOf(t), y = baselineY - mv * mvToPx;
          if (first) ctx.moveTo(x, y); else ctx.lineTo(x, y);
        }, (from, to) => breaks.push({ from, to }));
        if (seg.shift === 0) current = span;
        ctx.strokeStyle = TRACE;
        ctx.lineWidth = 1.3;
        ctx.lineJoin = 'round';
        ctx.lineCap = 'round';
        ctx.stroke();
        const mark = (from, to, kind) => {
          const x1 = xOf(Math.max(from, seg.from)), x2 = xOf(Math.min(to, seg.to));
          this.gapMarker(x1, x2, top, bottom, kind);
          markers.push({ kind, label: s.label, row: s.row, col: s.col, rhythm: s.rhythm, x1, x2, fromMs: from, toMs: to });
        };
        // The server's beats under the rhythm strip(s): a tick at the beat's time on the same time axis as the trace,
        // and its class (N, S, V, F, Q; • when unclassified).
        if (analysis && s.rhythm) {
          for (const beat of analysis.beatsIn(seg.from, seg.to)) {
            const x = xOf(beat.t);
            this.beatMark(x, bottom, beat.cls);
            beatMarks.push({ x, tMs: beat.t, cls: beat.cls, label: s.label, row: s.row, current: seg.shift === 0 });
          }
        }
        for (const d of store.droppedIn(seg.from, seg.to)) mark(d.fromMs, d.toMs, 'dropped');
        // A hole at either end of the strip (or over all of it) counts too when the signal exists on both sides.
        if (span === null) {
          if (store.surrounds(s.mdc, seg.from, seg.to)) breaks.push({ from: seg.from, to: seg.to });
        } else {
          if (store.surrounds(s.mdc, seg.from, seg.from)) breaks.unshift({ from: seg.from, to: span.first });
          if (store.surrounds(s.mdc, seg.to, seg.to)) breaks.push({ from: span.last + span.dt, to: seg.to });
        }
        for (const m of breaks) {
          // Under 20 ms is a rounding of chunk times, not missing data.
          if (m.to - m.from >= 20 && store.droppedIn(m.from, m.to).length === 0) mark(m.from, m.to, 'no data');
        }
      }
      drawn.push({
        ...s, tStartMs: a, tEndMs: b, baselineYPx: baselineY, topPx: top, bottomPx: bottom, xEndPx: s.xPx + s.durationMs * pxPerMs,
        drawnFromMs: current ? current.first : null, drawnToMs: current ? current.last : null,
      });
    }

    this.labels(g, pxPerMm, mvToPx);
    this.lastDraw = {
      pxPerMm, speedMmPerS: this.settings.speed, gainMmPerMv: this.settings.gain, calibration: this.settings.calibration,
      dpr, layout: this.settings.layout, pageStartMs: view.pageStartMs, pageMs: g.pageMs, displayMs: view.displayMs,
      eraseMs: ERASE_MS, sweep: view.sweep, canvasCssWidth: g.widthPx, canvasCssHeight: g.heightPx, strips: drawn, markers, beatMarks,
      paperWidthPx: g.paperWidthMm * pxPerMm, pageNote: g.pageNote,
    };
    return this.lastDraw;
  }

  /** A beat mark: a 2 mm tick up from the strip's bottom edge at the beat's time, the class letter beside it. */
  beatMark(x, bottom, cls) {
    const ctx = this.ctx;
    const mm = this.pxPerMm;
    ctx.save();
    ctx.strokeStyle = BEAT;
    ctx.fillStyle = cls === 'V' || cls === 'S' ? BEAT_ECTOPIC : BEAT;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, bottom - 0.5 * mm);
    ctx.lineTo(x, bottom - 2.5 * mm);
    ctx.stroke();
    ctx.font = `${Math.max(9, Math.round(2.2 * mm))}px sans-serif`;
    ctx.textBaseline = 'bottom';
    ctx.fillText(classText(cls), x + 0.6 * mm, bottom - 0.5 * mm);
    ctx.restore();
  }

  /** Lead labels, 1 mV calibration pulse at the start of each row, lead-change ticks between columns. */
  labels(g, pxPerMm, mvToPx) {
    const ctx = this.ctx;
    ctx.fillStyle = TRACE;
    ctx.strokeStyle = TRACE;
    ctx.lineWidth = 1.3;
    ctx.font = `600 ${Math.round(3.4 * pxPerMm)}px system-ui, "DejaVu Sans", sans-serif`;
    ctx.textBaseline = 'top';
    for (const row of g.rows) {
      const y = row.baselineMm * pxPerMm;
      const x0 = 1 * pxPerMm;
      const pulseStart = (g.marginMm - g.calMm) / 2 * pxPerMm;
      const pulseEnd = pulseStart + g.calMm * pxPerMm;
      ctx.beginPath();
      ctx.moveTo(x0, y);
      ctx.lineTo(pulseStart, y);
      ctx.lineTo(pulseStart, y - mvToPx);
      ctx.lineTo(pulseEnd, y - mvToPx);
      ctx.lineTo(pulseEnd, y);
      ctx.lineTo((g.marginMm - 1) * pxPerMm, y);
      ctx.stroke();
    }
    for (const s of g.strips) {
      ctx.fillText(s.label, s.xPx + 1.2 * pxPerMm, (s.topMm + 1.2) * pxPerMm);
      if (s.col > 0) {
        const y = s.baselineMm * pxPerMm;
        ctx.beginPath();
        ctx.moveTo(s.xPx, y - 2.5 * pxPerMm);
        ctx.lineTo(s.xPx, y + 2.5 * pxPerMm);
        ctx.stroke();
      }
    }
  }

  /** A hatched band where there is no trace: amber for frames dropped on the way to this screen,
   * grey for data the device never delivered. */
  gapMarker(x1, x2, top, bottom, kind) {
    if (x2 - x1 < 1) return;
    const ctx = this.ctx;
    const dropped = kind === 'dropped';
    ctx.save();
    ctx.beginPath();
    ctx.rect(x1, top + 2, x2 - x1, bottom - top - 4);
    ctx.clip();
    ctx.fillStyle = dropped ? 'rgba(255, 170, 0, 0.18)' : 'rgba(120, 120, 130, 0.16)';
    ctx.fillRect(x1, top, x2 - x1, bottom - top);
    ctx.strokeStyle = dropped ? 'rgba(214, 120, 0, 0.55)' : 'rgba(110, 110, 120, 0.45)';
    ctx.lineWidth = 1;
    for (let x = x1 - (bottom - top); x < x2; x += 8) {
      ctx.beginPath();
      ctx.moveTo(x, bottom);
      ctx.lineTo(x + (bottom - top), top);
      ctx.stroke();
    }
    ctx.restore();
    ctx.save();
    ctx.strokeStyle = dropped ? '#d67800' : '#808088';
    ctx.setLineDash([4, 3]);
    ctx.lineWidth = 1.2;
    for (const x of [x1, x2]) {
      ctx.beginPath();
      ctx.moveTo(x, top + 2);
      ctx.lineTo(x, bottom - 2);
      ctx.stroke();
    }
    if (x2 - x1 > 42) {
      ctx.fillStyle = dropped ? '#b35f00' : '#6b6b75';
      ctx.font = '600 11px system-ui, "DejaVu Sans", sans-serif';
      ctx.textBaseline = 'bottom';
      ctx.fillText(dropped ? 'dropped' : 'no data', x1 + 4, bottom - 4);
    }
    ctx.restore();
  }
}

function strip(label, mdc, row, col, xMm, widthMm, offsetMs, durationMs, topMm, rowMm, baselineMm, pxPerMm, rhythm = false) {
  return {
    label, mdc, row, col, rhythm, xMm, widthMm, xPx: xMm * pxPerMm, offsetMs, durationMs,
    topMm, bottomMm: topMm + rowMm, baselineMm,
  };
}

function fmtSeconds(ms) { return String(Math.round(ms / 100) / 10); }

function clamp(v, lo, hi) { return Math.min(hi, Math.max(lo, v)); }
