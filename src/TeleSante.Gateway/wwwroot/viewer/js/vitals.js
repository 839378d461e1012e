// Vital-sign tiles (value, unit, time of measurement) and alert banners for values outside the
// configured ranges (sent by the gateway on join: LiveView:Alerts).

export const MDC = {
  BP_SYS: 150021, BP_DIA: 150022, BP_MEAN: 150023, SPO2: 150456,
  PULSE_OXIMETER: 149530, PULSE_CUFF: 149546, HR_ECG: 147842, TEMP: 150364, GLUCOSE: 160196,
};

// Used until the gateway sends its own (same values as LiveViewOptions' defaults).
export const DEFAULT_ALERTS = [
  { refId: 'MDC_PULS_OXIM_SAT_O2', mdcCode: MDC.SPO2, label: 'SpO2', unit: '%', below: 92 },
  { refId: 'MDC_PRESS_BLD_NONINV_SYS', mdcCode: MDC.BP_SYS, label: 'Systolic BP', unit: 'mm[Hg]', below: 90, atOrAbove: 180 },
  { refId: 'MDC_PRESS_BLD_NONINV_DIA', mdcCode: MDC.BP_DIA, label: 'Diastolic BP', unit: 'mm[Hg]', atOrAbove: 110 },
  { refId: 'MDC_ECG_HEART_RATE', mdcCode: MDC.HR_ECG, label: 'Heart rate (ECG)', unit: '/min', below: 40, atOrAbove: 130 },
  { refId: 'MDC_PULS_OXIM_PULS_RATE', mdcCode: MDC.PULSE_OXIMETER, label: 'Pulse rate (oximeter)', unit: '/min', below: 40, atOrAbove: 130 },
  { refId: 'MDC_PULS_RATE_NON_INV', mdcCode: MDC.PULSE_CUFF, label: 'Pulse rate (BP cuff)', unit: '/min', below: 40, atOrAbove: 130 },
  { refId: 'MDC_TEMP_BODY', mdcCode: MDC.TEMP, label: 'Body temperature', unit: 'Cel', below: 35, atOrAbove: 38.5 },
  { refId: 'MDC_CONC_GLU_CAPILLARY_WHOLEBLOOD', mdcCode: MDC.GLUCOSE, label: 'Capillary glucose', unit: 'mmol/L', below: 3.9, atOrAbove: 13.9 },
];

const UNIT_TEXT = { 'mm[Hg]': 'mmHg', Cel: '°C', '[degF]': '°F', '/min': '/min', '%': '%', 'mmol/L': 'mmol/L', 'mg/dL': 'mg/dL', kPa: 'kPa' };

// Converts a value to the unit an alert rule is written in (UCUM codes the gateway accepts).
function convert(value, from, to) {
  if (from === to) return value;
  const key = `${from}>${to}`;
  switch (key) {
    case 'kPa>mm[Hg]': return value * 7.50062;
    case 'mm[Hg]>kPa': return value / 7.50062;
    case '[degF]>Cel': return (value - 32) / 1.8;
    case 'Cel>[degF]': return value * 1.8 + 32;
    case 'mg/dL>mmol/L': return value / 18.016; // glucose, M = 180.16 g/mol
    case 'mmol/L>mg/dL': return value * 18.016;
    default: return null;
  }
}

const STALE_MS = 15 * 60 * 1000;
// A device event (failed measurement, probe off) stays on screen this long unless the device reports again.
const EVENT_MS = 10 * 60 * 1000;

export class VitalsBoard {
  constructor(alertsElement) {
    this.alertsElement = alertsElement;
    this.latest = new Map(); // mdc -> vital (newest measurement)
    this.rules = DEFAULT_ALERTS;
    this.computedHr = null; // the server's: { bpm, fromMs, toMs, intervals } or { bpm: null, reason, sinceMs }
    this.events = new Map(); // deviceId|code -> device event (failed measurement, alarm)
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
    const alarms = [];
    const tile = (id, value, unitText, vital, label) => {
      const el = document.getElementById(id);
      el.querySelector('.value').textContent = value;
      if (unitText) el.querySelector('.tile-unit').textContent = unitText;
      if (label) el.querySelector('.tile-label').textContent = label;
      el.querySelector('.tile-time').textContent = vital ? measuredText(Number(vital.timeNs) / 1e6, nowMs) : 'not measured';
      el.classList.toggle('stale', !!vital && nowMs - Number(vital.timeNs) / 1e6 > STALE_MS);
      return el;
    };
    const alarm = (el, ...vitals) => {
      let any = false;
      for (const v of vitals) {
        const hit = v && this.check(v.mdcCode, v.value, v.unit, Number(v.timeNs) / 1e6);
        if (hit) { alarms.push(hit); any = true; }
      }
      el.classList.toggle('alarm', any);
    };

    // Heart rate: the device's ECG heart rate if it sends one (recent), else computed here from lead II.
    const hrDevice = this.latest.get(MDC.HR_ECG);
    const hrEl = document.getElementById('tile-hr');
    if (hrDevice && nowMs - Number(hrDevice.timeNs) / 1e6 < 60000) {
      document.getElementById('hr-value').textContent = Math.round(hrDevice.value);
      document.getElementById('hr-time').textContent = `device · ${measuredText(Number(hrDevice.timeNs) / 1e6, nowMs)}`;
      alarm(hrEl, hrDevice);
    } else if (this.computedHr && this.computedHr.bpm != null) {
      // The gateway's ECG analysis: median of its last RR intervals, with the beats' time span.
      const hr = this.computedHr;
      document.getElementById('hr-value').textContent = Math.round(hr.bpm);
      document.getElementById('hr-time').textContent = `server ECG · ${hr.intervals} RR ${timeText(hr.fromMs)}–${timeText(hr.toMs)}`;
      const hit = this.check(MDC.HR_ECG, hr.bpm, '/min', hr.toMs);
      if (hit) alarms.push(hit);
      hrEl.classList.toggle('alarm', !!hit);
    } else {
      // Missing is shown as missing, with the reason (never the last value).
      const hr = this.computedHr;
      document.getElementById('hr-value').textContent = '—';
      document.getElementById('hr-time').textContent = hr ? (hr.sinceMs != null ? `${hr.reason} since ${timeText(hr.sinceMs)}` : hr.reason) : 'waiting for the analysis';
      hrEl.classList.remove('alarm');
    }

    // One measurement only: the newest cuff cycle (device and measurement time) and its own components.
    // A component that cycle lacks is shown missing, never borrowed from an earlier cycle.
    const [sys, dia, mean] = sameMeasurement([this.latest.get(MDC.BP_SYS), this.latest.get(MDC.BP_DIA), this.latest.get(MDC.BP_MEAN)]);
    const shownBp = sys ?? dia ?? mean;
    const bpUnit = shownBp ? UNIT_TEXT[shownBp.unit] ?? shownBp.unit : 'mmHg';
    const bp = shownBp ? `${fmt(sys?.value)}/${fmt(dia?.value)} (${fmt(mean?.value)})` : '—';
    alarm(tile('tile-bp', bp, bpUnit, shownBp), sys, dia);

    const spo2 = this.latest.get(MDC.SPO2);
    alarm(tile('tile-spo2', spo2 ? fmt(spo2.value) : '—', '%', spo2), spo2);

    const po = this.latest.get(MDC.PULSE_OXIMETER), pc = this.latest.get(MDC.PULSE_CUFF);
    const pulse = po && (!pc || Number(po.timeNs) >= Number(pc.timeNs)) ? po : pc;
    alarm(tile('tile-pulse', pulse ? fmt(pulse.value) : '—', '/min', pulse,
      pulse ? `Pulse ${pulse === po ? '(oximeter)' : '(BP cuff)'}` : 'Pulse'), pulse);

    const temp = this.latest.get(MDC.TEMP);
    alarm(tile('tile-temp', temp ? temp.value.toFixed(1) : '—', temp ? UNIT_TEXT[temp.unit] ?? temp.unit : '°C', temp), temp);

    const glu = this.latest.get(MDC.GLUCOSE);
    alarm(tile('tile-glucose', glu ? (glu.unit === 'mg/dL' ? fmt(glu.value) : glu.value.toFixed(1)) : '—', glu ? UNIT_TEXT[glu.unit] ?? glu.unit : 'mmol/L', glu), glu);

    for (const [key, event] of this.events) {
      const atMs = Number(event.timeNs) / 1e6;
      if (nowMs - atMs > EVENT_MS) { this.events.delete(key); continue; }
      const detail = event.text ? ` (${event.text})` : '';
      alarms.push({ text: `${event.label}${detail} — ${event.deviceId}`, atMs, kind: event.kind });
    }

    this.renderAlarms(alarms);
    return alarms;
  }

  /** The alert for a value, or null. */
  check(mdc, value, unit, atMs) {
    const rule = this.rules.find(r => r.mdcCode === mdc);
    if (!rule) return null;
    const v = convert(value, unit, rule.unit);
    if (v == null) return null;
    const unitText = UNIT_TEXT[rule.unit] ?? rule.unit;
    if (rule.below != null && v < rule.below) return { rule, text: `${rule.label} ${fmt1(v)} ${unitText} — below ${rule.below} ${unitText}`, atMs };
    if (rule.atOrAbove != null && v >= rule.atOrAbove) return { rule, text: `${rule.label} ${fmt1(v)} ${unitText} — at or above ${rule.atOrAbove} ${unitText}`, atMs };
    return null;
  }

  renderAlarms(alarms) {
    const html = alarms.map(a => `<div class="alert${a.kind ? ' device-event' : ''}" role="alert"${a.kind ? ` data-kind="${escapeHtml(a.kind)}"` : ''}><span>⚠ ${escapeHtml(a.text)}</span><span class="when">${timeText(a.atMs)}</span></div>`).join('');
    if (this.alertsElement.innerHTML !== html) this.alertsElement.innerHTML = html;
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
function fmt1(v) { return Number.isInteger(v) ? String(v) : v.toFixed(1); }

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
