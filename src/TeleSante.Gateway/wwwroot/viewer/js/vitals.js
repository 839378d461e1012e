// Vital-sign tiles (value, unit, time of measurement) and alert banners. The alerts are the gateway's (issue 12:
// LiveView:Alerts applied on the server, stored, acknowledged, audited): this page computes no threshold. A banner
// shows the reading the alert was raised for (its value, unit and time), the limit crossed, and an Acknowledge
// button, or who acknowledged it and when.

export const MDC = {
  BP_SYS: 150021, BP_DIA: 150022, BP_MEAN: 150023, SPO2: 150456,
  PULSE_OXIMETER: 149530, PULSE_CUFF: 149546, HR_ECG: 147842, TEMP: 150364, GLUCOSE: 160196,
};

const UNIT_TEXT = { 'mm[Hg]': 'mmHg', Cel: '°C', '[degF]': '°F', '/min': '/min', '%': '%', 'mmol/L': 'mmol/L', 'mg/dL': 'mg/dL', 'g/L': 'g/L', kPa: 'kPa' };

// Which tile shows which codes: a tile is marked while one of its codes has an alert whose episode is open.
const TILE_CODES = {
  'tile-hr': [MDC.HR_ECG], 'tile-bp': [MDC.BP_SYS, MDC.BP_DIA], 'tile-spo2': [MDC.SPO2],
  'tile-pulse': [MDC.PULSE_OXIMETER, MDC.PULSE_CUFF], 'tile-temp': [MDC.TEMP], 'tile-glucose': [MDC.GLUCOSE],
};

const STALE_MS = 15 * 60 * 1000;
// A device event (failed measurement, probe off) stays on screen this long unless the device reports again.
const EVENT_MS = 10 * 60 * 1000;

export class VitalsBoard {
  /** acknowledge(alertId) → Promise of { alert } or { refusal: text } (the gateway's answer). */
  constructor(alertsElement, { acknowledge } = {}) {
    this.alertsElement = alertsElement;
    this.latest = new Map(); // mdc -> vital (newest measurement)
    this.rules = [];
    this.computedHr = null; // the server's: { bpm, fromMs, toMs, intervals } or { bpm: null, reason, sinceMs }
    this.events = new Map(); // deviceId|code -> device event (failed measurement, alarm)
    this.alerts = new Map(); // id -> the gateway's alert (newest state)
    this.refusals = new Map(); // id -> why an acknowledgement was refused
    this.acknowledge = acknowledge;
    alertsElement.addEventListener('click', e => {
      const button = e.target.closest('button[data-ack]');
      if (button) this.acknowledgeAlert(button.dataset.ack, button);
    });
  }

  /** An alert from the gateway (raised, its episode ended, or acknowledged): the newest state wins, and a state
   * once known (ended, acknowledged) is never forgotten by an older message. */
  setAlert(alert) {
    const known = this.alerts.get(alert.id);
    this.alerts.set(alert.id, known ? {
      ...alert,
      endedAtNs: alert.endedAtNs ?? known.endedAtNs,
      acknowledgedBy: alert.acknowledgedBy ?? known.acknowledgedBy,
      acknowledgedAtNs: alert.acknowledgedAtNs ?? known.acknowledgedAtNs,
    } : alert);
    if (alert.acknowledgedBy) this.refusals.delete(alert.id);
    this.renderAlarms(this.lastEvents ?? []);
    this.markTiles();
  }

  /** A tile is marked while the gateway holds an alert of one of its codes whose episode is not over. */
  markTiles() {
    const open = [...this.alerts.values()].filter(a => a.endedAtNs == null);
    for (const [id, codes] of Object.entries(TILE_CODES)) {
      document.getElementById(id).classList.toggle('alarm', open.some(a => codes.includes(a.mdcCode)));
    }
  }

  async acknowledgeAlert(id, button) {
    if (!this.acknowledge) return;
    button.disabled = true;
    const answer = await this.acknowledge(id);
    if (answer.alert) this.setAlert(answer.alert);
    if (answer.refusal) {
      this.refusals.set(id, answer.refusal);
      this.renderAlarms(this.lastEvents ?? []);
    }
  }

  /** A device event: shown until the same device reports again after it, or for EVENT_MS. */
  addEvent(event) {
    const key = `${event.deviceId}|${event.code}`;
    const previous = this.events.get(key);
    if (!previous || Number(previous.timeNs) <= Number(event.timeNs)) this.events.set(key, event);
  }

  /** Readings from a device after its event mean the condition is over (cuff refitted, finger back). */
  clearEventsBefore(deviceId, timeNs) {
    for (const [key, event] of this.events) {
      if (event.deviceId === deviceId && Number(event.timeNs) < Number(timeNs)) this.events.delete(key);
    }
  }

  setRules(rules) { if (rules && rules.length) this.rules = rules; }

  add(vital) {
    this.clearEventsBefore(vital.deviceId, vital.timeNs);
    const previous = this.latest.get(vital.mdcCode);
    if (!previous || Number(previous.timeNs) <= Number(vital.timeNs)) this.latest.set(vital.mdcCode, vital);
  }

  setComputedHeartRate(hr) { this.computedHr = hr; }

  render(nowMs) {
    const events = [];
    const tile = (id, value, unitText, vital, label) => {
      const el = document.getElementById(id);
      el.querySelector('.value').textContent = value;
      if (unitText) el.querySelector('.tile-unit').textContent = unitText;
      if (label) el.querySelector('.tile-label').textContent = label;
      el.querySelector('.tile-time').textContent = vital ? measuredText(Number(vital.timeNs) / 1e6, nowMs) : 'not measured';
      el.classList.toggle('stale', !!vital && nowMs - Number(vital.timeNs) / 1e6 > STALE_MS);
      return el;
    };
    // Heart rate: the device's ECG heart rate if it sends one (recent), else the gateway's ECG analysis.
    const hrDevice = this.latest.get(MDC.HR_ECG);
    if (hrDevice && nowMs - Number(hrDevice.timeNs) / 1e6 < 60000) {
      document.getElementById('hr-value').textContent = Math.round(hrDevice.value);
      document.getElementById('hr-time').textContent = `device · ${measuredText(Number(hrDevice.timeNs) / 1e6, nowMs)}`;
    } else if (this.computedHr && this.computedHr.bpm != null) {
      // The gateway's ECG analysis: median of its last RR intervals, with the beats' time span.
      const hr = this.computedHr;
      document.getElementById('hr-value').textContent = Math.round(hr.bpm);
      document.getElementById('hr-time').textContent = `server ECG · ${hr.intervals} RR ${timeText(hr.fromMs)}–${timeText(hr.toMs)}`;
    } else {
      // Missing is shown as missing, with the reason (never the last value).
      const hr = this.computedHr;
      document.getElementById('hr-value').textContent = '—';
      document.getElementById('hr-time').textContent = hr ? (hr.sinceMs != null ? `${hr.reason} since ${timeText(hr.sinceMs)}` : hr.reason) : 'waiting for the analysis';
    }

    // One measurement only: the newest cuff cycle (device and measurement time) and its own components.
    // A component that cycle lacks is shown missing, never borrowed from an earlier cycle.
    const [sys, dia, mean] = sameMeasurement([this.latest.get(MDC.BP_SYS), this.latest.get(MDC.BP_DIA), this.latest.get(MDC.BP_MEAN)]);
    const shownBp = sys ?? dia ?? mean;
    const bpUnit = shownBp ? UNIT_TEXT[shownBp.unit] ?? shownBp.unit : 'mmHg';
    const bp = shownBp ? `${fmt(sys?.value)}/${fmt(dia?.value)} (${fmt(mean?.value)})` : '—';
    tile('tile-bp', bp, bpUnit, shownBp);

    const spo2 = this.latest.get(MDC.SPO2);
    tile('tile-spo2', spo2 ? fmt(spo2.value) : '—', '%', spo2);

    const po = this.latest.get(MDC.PULSE_OXIMETER), pc = this.latest.get(MDC.PULSE_CUFF);
    const pulse = po && (!pc || Number(po.timeNs) >= Number(pc.timeNs)) ? po : pc;
    tile('tile-pulse', pulse ? fmt(pulse.value) : '—', '/min', pulse,
      pulse ? `Pulse ${pulse === po ? '(oximeter)' : '(BP cuff)'}` : 'Pulse');

    const temp = this.latest.get(MDC.TEMP);
    tile('tile-temp', temp ? temp.value.toFixed(1) : '—', temp ? UNIT_TEXT[temp.unit] ?? temp.unit : '°C', temp);

    const glu = this.latest.get(MDC.GLUCOSE);
    tile('tile-glucose', glu ? (glu.unit === 'mg/dL' ? fmt(glu.value) : glu.value.toFixed(1)) : '—', glu ? UNIT_TEXT[glu.unit] ?? glu.unit : 'mmol/L', glu);

    this.markTiles();

    for (const [key, event] of this.events) {
      const atMs = Number(event.timeNs) / 1e6;
      if (nowMs - atMs > EVENT_MS) { this.events.delete(key); continue; }
      const detail = event.text ? ` (${event.text})` : '';
      events.push({ text: `${event.label}${detail} — ${event.deviceId}`, atMs, kind: event.kind });
    }

    return this.renderAlarms(events);
  }

  /** The alerts a practitioner must see: every alert not yet acknowledged (even if its episode ended: someone has
   * to have seen it), and acknowledged ones while their episode lasts. Newest first. */
  shownAlerts() {
    return [...this.alerts.values()]
      .filter(a => !a.acknowledgedBy || a.endedAtNs == null)
      .sort((a, b) => Number(b.raisedAtNs) - Number(a.raisedAtNs));
  }

  renderAlarms(events) {
    this.lastEvents = events;
    const alerts = this.shownAlerts().map(a => {
      const unit = UNIT_TEXT[a.unit] ?? a.unit, ruleUnit = UNIT_TEXT[a.ruleUnit] ?? a.ruleUnit;
      const limit = `${a.direction === 'below' ? 'below' : 'at or above'} ${fmt1(a.limit)} ${ruleUnit}`;
      const text = `${a.label} ${fmt1(a.value)} ${unit} — ${limit}`;
      const measuredMs = Number(a.measuredAtNs) / 1e6;
      const ended = a.endedAtNs != null ? ` · back in range ${timeText(Number(a.endedAtNs) / 1e6)}` : '';
      const refusal = this.refusals.get(a.id);
      const state = a.acknowledgedBy
        ? `<span class="ack">acknowledged by ${escapeHtml(a.acknowledgedBy)} at ${timeText(Number(a.acknowledgedAtNs) / 1e6)}</span>`
        : `<button type="button" class="ack-button" data-ack="${escapeHtml(a.id)}">Acknowledge</button>${refusal ? `<span class="ack refused">${escapeHtml(refusal)}</span>` : ''}`;
      return `<div class="alert vital-alert severity-${escapeHtml(a.severity)}${a.acknowledgedBy ? ' acknowledged' : ''}" role="alert" data-alert-id="${escapeHtml(a.id)}">` +
        `<span>⚠ ${escapeHtml(text)}</span><span class="when">measured ${timeText(measuredMs)} · ${escapeHtml(a.deviceId)}${ended}</span>${state}</div>`;
    });
    const html = alerts.join('') + events.map(a => `<div class="alert device-event" role="alert" data-kind="${escapeHtml(a.kind)}"><span>⚠ ${escapeHtml(a.text)}</span><span class="when">${timeText(a.atMs)}</span></div>`).join('');
    if (this.alertsElement.innerHTML !== html) this.alertsElement.innerHTML = html;
    return [...this.shownAlerts(), ...events];
  }
}

/** The components that belong to the newest of the given vitals' measurements (same device, same
 * measurement time); the others become null. */
export function sameMeasurement(components) {
  let newest = null;
  for (const c of components) if (c && (!newest || Number(c.timeNs) > Number(newest.timeNs))) newest = c;
  return components.map(c => c && newest && c.deviceId === newest.deviceId && String(c.timeNs) === String(newest.timeNs) ? c : null);
}

function fmt(v) { return v == null ? '—' : String(Math.round(v)); }
function fmt1(v) { return String(Math.round(v * 100) / 100); }

export function timeText(ms) {
  const d = new Date(ms);
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

function measuredText(ms, nowMs) {
  const age = Math.max(0, nowMs - ms) / 1000;
  const ago = age < 60 ? `${Math.round(age)} s ago` : age < 3600 ? `${Math.round(age / 60)} min ago` : `${(age / 3600).toFixed(1)} h ago`;
  return `measured ${timeText(ms)} · ${ago}`;
}

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
