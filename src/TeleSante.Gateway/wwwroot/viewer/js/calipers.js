// Calipers over the ECG (issue 12): a time caliper (ms; read as an RR interval it is also a rate, 60 000 / ms bpm)
// and an amplitude caliper (mV). A caliper is kept in signal units, time (ms since the epoch) and voltage (mV) on
// the strip it was drawn on, never in screen pixels, and converted both ways with the layout the renderer has just
// drawn (renderer.lastDraw: px per mm with the screen calibration, mm/s and mm/mV): it measures what the paper
// shows and stays on the same beats at every speed, gain and calibration. A separate canvas laid over the ECG: the
// renderer is not changed; the host calls draw() after each renderer.draw().

const COLOR = '#0b57d0';

export class Calipers {
  /** @param {EcgRenderer} renderer  @param {HTMLElement} box the ECG's container (position: relative) */
  constructor(renderer, box) {
    this.renderer = renderer;
    this.box = box;
    this.mode = 'off'; // 'off' | 'time' | 'amplitude'
    this.caliper = null; // { kind, label, rhythm, row, t1, t2, mv1, mv2 }
    this.dragging = false;
    this.overlay = document.createElement('canvas');
    this.overlay.className = 'caliper-overlay';
    // Styled here, not in a page's stylesheet: the viewer and the clinical reading page both use it.
    Object.assign(this.overlay.style, { position: 'absolute', left: '0', top: '0' });
    this.readout = document.createElement('div');
    this.readout.className = 'caliper-readout';
    Object.assign(this.readout.style, {
      position: 'absolute', transform: 'translateY(-50%)', pointerEvents: 'none', whiteSpace: 'nowrap', background: '#fff', color: COLOR,
      border: `1px solid ${COLOR}`, borderRadius: '3px', padding: '1px 5px', font: '600 12px system-ui, "DejaVu Sans", sans-serif',
    });
    this.readout.hidden = true;
    box.append(this.overlay, this.readout);
    this.overlay.addEventListener('pointerdown', e => this.down(e));
    this.overlay.addEventListener('pointermove', e => this.move(e));
    this.overlay.addEventListener('pointerup', e => this.up(e));
    this.setMode('off');
  }

  setMode(mode) {
    this.mode = mode;
    // Off: clicks go through to the page as before.
    this.overlay.style.pointerEvents = mode === 'off' ? 'none' : 'auto';
    this.overlay.style.cursor = mode === 'time' ? 'ew-resize' : mode === 'amplitude' ? 'ns-resize' : '';
  }

  clear() {
    this.caliper = null;
    this.draw();
  }

  /** The current measurement in numbers, or null: { kind, ms, bpm } or { kind, mv }. */
  measurement() {
    const c = this.caliper;
    if (!c) return null;
    if (c.kind === 'time') {
      const ms = Math.abs(c.t2 - c.t1);
      return { kind: 'time', ms, bpm: ms > 0 ? 60000 / ms : null, lead: c.label };
    }
    return { kind: 'amplitude', mv: Math.abs(c.mv2 - c.mv1), lead: c.label };
  }

  text() {
    const m = this.measurement();
    if (!m) return '';
    if (m.kind === 'time') return `${Math.round(m.ms)} ms${m.bpm ? ` · ${m.bpm.toFixed(1)} bpm` : ''}`;
    return `${m.mv.toFixed(2)} mV`;
  }

  // --- paper <-> screen, from what the renderer drew --------------------------------------------------

  /** The renderer's scale: px per ms along the time axis and px per mV up the voltage axis. */
  scale() {
    const d = this.renderer.lastDraw;
    return d ? { d, pxPerMs: d.speedMmPerS * d.pxPerMm / 1000, pxPerMv: d.gainMmPerMv * d.pxPerMm } : null;
  }

  /** The strip under a point of the canvas (CSS px), with its time and voltage there. */
  locate(x, y) {
    const s = this.scale();
    if (!s) return null;
    const strip = s.d.strips.find(p => x >= p.xPx && x <= p.xEndPx && y >= p.topPx && y <= p.bottomPx);
    if (!strip) return null;
    return { strip, t: strip.tStartMs + (x - strip.xPx) / s.pxPerMs, mv: (strip.baselineYPx - y) / s.pxPerMv };
  }

  /** Where the caliper's strip is drawn now: same lead and row kind, whose time span holds the caliper. */
  stripOf(c) {
    const s = this.scale();
    if (!s) return null;
    const t = c.kind === 'time' ? Math.min(c.t1, c.t2) : c.t1;
    return s.d.strips.find(p => p.label === c.label && p.rhythm === c.rhythm && t >= p.tStartMs && t <= p.tEndMs) ?? null;
  }

  // --- pointer ------------------------------------------------------------------------------------

  point(e) {
    const r = this.overlay.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  down(e) {
    if (this.mode === 'off') return;
    const { x, y } = this.point(e);
    const at = this.locate(x, y);
    if (!at) return;
    this.overlay.setPointerCapture?.(e.pointerId);
    this.dragging = true;
    this.caliper = { kind: this.mode, label: at.strip.label, rhythm: at.strip.rhythm, t1: at.t, t2: at.t, mv1: at.mv, mv2: at.mv };
    this.draw();
  }

  move(e) {
    if (!this.dragging || !this.caliper) return;
    const { x, y } = this.point(e);
    const s = this.scale();
    const strip = this.stripOf(this.caliper);
    if (!s || !strip) return;
    // Within the caliper's own strip: time and voltage on the same paper.
    const cx = Math.min(strip.xEndPx, Math.max(strip.xPx, x));
    if (this.caliper.kind === 'time') this.caliper.t2 = strip.tStartMs + (cx - strip.xPx) / s.pxPerMs;
    else this.caliper.mv2 = (strip.baselineYPx - y) / s.pxPerMv;
    this.draw();
  }

  up(e) {
    this.move(e);
    this.dragging = false;
  }

  // --- drawing ------------------------------------------------------------------------------------

  draw() {
    const canvas = this.renderer.canvas;
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.width, h = canvas.height;
    if (this.overlay.width !== w || this.overlay.height !== h) {
      this.overlay.width = w;
      this.overlay.height = h;
    }
    this.overlay.style.width = canvas.style.width;
    this.overlay.style.height = canvas.style.height;
    const ctx = this.overlay.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const c = this.caliper;
    const s = this.scale();
    const strip = c && this.stripOf(c);
    if (!c || !s || !strip) {
      this.readout.hidden = true;
      return;
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.strokeStyle = COLOR;
    ctx.fillStyle = COLOR;
    ctx.lineWidth = 1;
    let labelX, labelY;
    if (c.kind === 'time') {
      const x1 = strip.xPx + (c.t1 - strip.tStartMs) * s.pxPerMs, x2 = strip.xPx + (c.t2 - strip.tStartMs) * s.pxPerMs;
      const mid = strip.topPx + (strip.bottomPx - strip.topPx) * 0.25;
      line(ctx, x1, strip.topPx, x1, strip.bottomPx);
      line(ctx, x2, strip.topPx, x2, strip.bottomPx);
      line(ctx, x1, mid, x2, mid);
      labelX = Math.max(x1, x2) + 6;
      labelY = mid;
    } else {
      const x = strip.xPx + (c.t1 - strip.tStartMs) * s.pxPerMs;
      const y1 = strip.baselineYPx - c.mv1 * s.pxPerMv, y2 = strip.baselineYPx - c.mv2 * s.pxPerMv;
      const half = 4 * s.d.pxPerMm;
      line(ctx, x - half, y1, x + half, y1);
      line(ctx, x - half, y2, x + half, y2);
      line(ctx, x, y1, x, y2);
      labelX = x + half + 6;
      labelY = Math.min(y1, y2);
    }
    this.readout.hidden = false;
    this.readout.textContent = this.text();
    this.readout.style.left = `${Math.round(labelX)}px`;
    this.readout.style.top = `${Math.round(labelY)}px`;
  }
}

function line(ctx, x1, y1, x2, y2) {
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  ctx.stroke();
}
