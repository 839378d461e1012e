// A stored ECG time range drawn as the viewer's review mode draws it: the viewer's own modules (SignalStore,
// EcgRenderer, LiveConnection) imported, not copied; the recording comes from the live hub's Replay (checked
// and audited there). Single-lead layout (the lead II rhythm strip by default), 25 mm/s and 10 mm/mV, fixed
// pages from the start of the range. Vitals of the range are handed to onVital one measurement at a time.
import { SignalStore } from '/viewer/js/signal-store.js';
import { EcgRenderer, LEADS } from '/viewer/js/ecg-renderer.js';
import { LiveConnection, hubError } from '/viewer/js/connection.js';

const ECG_LEADS = new Set(Object.values(LEADS));

export class EcgReview {
  /**
   * @param {object} o { canvas, box, token, sessionId, deviceId (the ECG recorder), fromMs, toMs (the ECG range),
   *   replayFromMs, replayToMs (optional, wider: the vitals' ranges too), calibration (1 for print: a CSS mm is a
   *   printed mm), onVital(vital), onState(state, message) }
   */
  constructor(o) {
    this.o = o;
    this.store = new SignalStore(Infinity);
    this.renderer = new EcgRenderer(o.canvas, o.box);
    Object.assign(this.renderer.settings, { layout: '1', lead: LEADS.II, speed: 25, gain: 10, calibration: o.calibration ?? 1 });
    this.page = 0;
    this.frames = 0;
    this.complete = false;
  }

  /** Loads the range; resolves when the replay is complete (rejects with the refusal's text). */
  load() {
    return new Promise((resolve, reject) => {
      const o = this.o;
      const connection = new LiveConnection({
        token: o.token,
        protocol: null,
        onFrame: () => {},
        onState: state => o.onState?.(state),
        onRefused: message => reject(new Error(message)),
      });
      this.connection = connection;
      connection.start(() => {
        connection.stream('Replay', o.sessionId, Math.floor(o.replayFromMs ?? o.fromMs), Math.ceil(o.replayToMs ?? o.toMs)).subscribe({
          next: frame => {
            this.frames++;
            if (!o.deviceId || frame.deviceId === o.deviceId) for (const chunk of frame.waveforms) this.store.addChunk(chunk);
            for (const v of frame.vitals) o.onVital?.(v);
          },
          complete: () => {
            this.complete = true;
            connection.stop();
            this.chooseLead();
            resolve(this);
          },
          error: e => {
            connection.stop();
            reject(new Error(hubError(e) ?? e.message));
          },
        });
      });
    });
  }

  /** Lead II when recorded (MIT-BIH's MLII is lead II), else the first ECG lead there is. */
  chooseLead() {
    const leads = this.leads();
    if (leads.length && !leads.some(l => l.mdc === LEADS.II)) this.renderer.settings.lead = leads[0].mdc;
  }

  leads() {
    const order = Object.values(LEADS);
    return this.store.labels().filter(l => ECG_LEADS.has(l.mdc)).sort((a, b) => order.indexOf(a.mdc) - order.indexOf(b.mdc));
  }

  setLead(mdc) { this.renderer.settings.lead = mdc; return this.draw(); }

  pageCount() {
    const g = this.renderer.computeGeometry();
    return Math.max(1, Math.ceil((this.o.toMs - this.o.fromMs) / g.pageMs));
  }

  turn(delta) {
    this.page = Math.min(this.pageCount() - 1, Math.max(0, this.page + delta));
    return this.draw();
  }

  /** Draws the current page; returns what was drawn (the renderer's layout, in numbers, for people and checks). */
  draw() {
    const g = this.renderer.computeGeometry();
    const pageStartMs = this.o.fromMs + this.page * g.pageMs;
    return this.renderer.draw(this.store, { pageStartMs, displayMs: Math.min(this.o.toMs, pageStartMs + g.pageMs), sweep: false });
  }
}
