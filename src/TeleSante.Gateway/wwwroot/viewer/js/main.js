// TeleSanté live viewer: /viewer/index.html?session=ID (live) or
// ?session=ID&from=2026-11-22T10:00:00Z&to=2026-11-22T10:05:00Z (review of the stored recording).
// Optional: &protocol=json (MessagePack by default); #access_token=JWT (kept in sessionStorage).
import { SignalStore } from './signal-store.js';
import { AnalysisStore, evidenceText } from './analysis-store.js';
import { EcgRenderer, LEADS } from './ecg-renderer.js';
import { VitalsBoard, timeText } from './vitals.js';
import { LiveConnection, hubError } from './connection.js';
import { loadCalibration, saveCalibration, openCalibrationDialog } from './calibration.js';
import { Calipers } from './calipers.js';

const LIVE_KEEP_MS = 70_000; // two pages at 12.5 mm/s plus margin
const DRAW_EVERY_MS = 40; // 25 screens a second is smooth for a 25 mm/s sweep and light on the CPU
const ECG_LEAD_CODES = new Set(Object.values(LEADS));

const params = new URLSearchParams(location.search);
const sessionId = params.get('session');
const review = params.has('from') && params.has('to') ? { fromMs: parseTime(params.get('from')), toMs: parseTime(params.get('to')), page: 0 } : null;
const token = takeToken();

const store = new SignalStore(review ? Infinity : LIVE_KEEP_MS);
const analysis = new AnalysisStore(review ? Infinity : LIVE_KEEP_MS);
const renderer = new EcgRenderer(document.getElementById('ecg'), document.getElementById('ecg-box'));
const vitals = new VitalsBoard(document.getElementById('alerts'), { acknowledge: acknowledgeAlert });
renderer.settings.calibration = loadCalibration();
const calipers = new Calipers(renderer, document.getElementById('ecg-box'));

const stats = {
  frames: 0, liveFrames: 0, historyFrames: 0, replayFrames: 0, gaps: 0, dropped: 0,
  latencyMs: [], latencyAtMs: [], lastFrameAtMs: null, connection: 'connecting', joined: null, replayComplete: false, error: null,
};
let displayMs = null;
let frozen = false;
let lastTick = null;
let lastDraw = 0;
let lastStatus = 0;
let autoLayoutChecked = false;
let liveConnection = null;
// Rows of the screen older than what the join brought (e.g. the upper rows of the single-lead layout) are
// filled from storage through Replay; fromMs is how far back has been asked for.
const backfill = { inFlight: false, fromMs: Infinity };

function onFrame(frame) {
  const receivedMs = Date.now();
  stats.frames++;
  stats.lastFrameAtMs = receivedMs;
  if (frame.source === 'live') stats.liveFrames++;
  else if (frame.source === 'history') stats.historyFrames++;
  else stats.replayFrames++;
  if (frame.gap) {
    stats.gaps++;
    stats.dropped = Number(frame.gap.totalDropped);
    if (Number(frame.gap.toNs) > 0) store.addDropped(Number(frame.gap.fromNs) / 1e6, Number(frame.gap.toNs) / 1e6);
  }
  for (const chunk of frame.waveforms) store.addChunk(chunk);
  for (const v of frame.vitals) vitals.add(v);
  for (const e of frame.events ?? []) vitals.addEvent(e);
  // Signal from a device after its alarm (e.g. pleth again after probe-off) ends the alarm.
  for (const chunk of frame.waveforms) if (frame.deviceId) vitals.clearEventsBefore(frame.deviceId, chunk.startTimeNs);
  const deviceMs = Number(frame.deviceTimeNs) / 1e6;
  if (frame.source === 'live' && deviceMs > 0) {
    stats.latencyMs.push(receivedMs - deviceMs);
    stats.latencyAtMs.push(receivedMs);
    if (stats.latencyMs.length > 5000) {
      stats.latencyMs.splice(0, 1000);
      stats.latencyAtMs.splice(0, 1000);
    }
  }
}

/** The gateway's ECG analysis (beats, server heart rate, spans not analysed): drawn and shown, never recomputed here. */
function onAnalysis(message) {
  stats.analyses = (stats.analyses ?? 0) + 1;
  analysis.add(message);
}

const WITHDRAWN_TEXT = {
  'not-confirmed': 'not confirmed when its rhythm block closed',
  'analysis-failed': 'the analysis of this stream failed',
};

/** The server's proposed rhythm statements, newest first, each with its own span and evidence (never a diagnosis). */
let statementsShown = '';
function renderStatements() {
  const list = analysis.recentStatements();
  const key = list.map(s => `${s.code}@${s.fromMs}-${s.toMs}${s.provisional ? '?' : ''}${s.withdrawnMs != null ? 'x' : ''}`).join('|');
  if (key === statementsShown) return;
  statementsShown = key;
  const ul = document.getElementById('rhythm-statements');
  ul.replaceChildren();
  if (list.length === 0) {
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = 'no statement yet';
    ul.append(li);
    return;
  }
  for (const s of list) {
    const li = document.createElement('li');
    li.dataset.code = s.code;
    const name = document.createElement('div');
    name.className = 'statement-name';
    // An urgent statement is sent before its block closes: it may still grow, and says so. One its block did not confirm
    // stays listed, marked withdrawn with when and why (never silently removed from a clinician's screen).
    const withdrawn = s.withdrawnMs != null;
    if (withdrawn) li.classList.add('withdrawn');
    name.textContent = withdrawn ? `${s.display} (withdrawn)` : `${s.display} (proposed${s.provisional ? ', ongoing' : ''})`;
    const span = document.createElement('div');
    span.className = 'statement-span';
    span.textContent = `${timeText(s.fromMs)}–${timeText(s.toMs)}`
      + (withdrawn ? ` · withdrawn at ${timeText(s.withdrawnMs)}: ${WITHDRAWN_TEXT[s.withdrawnReason] ?? s.withdrawnReason ?? 'no reason given'}` : '');
    const evidence = document.createElement('div');
    evidence.className = 'statement-evidence';
    evidence.textContent = evidenceText(s);
    li.append(name, span, evidence);
    ul.append(li);
  }
}

function setConnection(state, error) {
  stats.connection = state;
  if (error) stats.error = String(error.message ?? error);
  const el = document.getElementById('connection');
  const text = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', offline: 'offline — retrying', refused: 'access refused', review: 'review', loading: 'loading…' }[state] ?? state;
  el.textContent = text;
  el.className = 'pill ' + (state === 'live' || state === 'review' ? 'pill-ok' : state === 'offline' || state === 'refused' ? 'pill-bad' : 'pill-wait');
}

function fatal(message) {
  const el = document.getElementById('fatal');
  el.textContent = message;
  el.hidden = false;
}

/** A refusal is all the page shows: no grid, calibration pulses or "not measured" tiles that would read
 * as a recording of this patient. */
function refused(message) {
  setConnection('refused', message);
  stats.refused = message;
  document.body.classList.add('refused');
  fatal(message);
}

// --- the gateway's vitals alerts ------------------------------------------------------------------

/** The session's alerts as the gateway stored them (raised before this page joined, or while it was away). */
async function loadAlerts() {
  const response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/alerts`, { headers: authHeaders() });
  if (!response.ok) { stats.alertsError = `alerts: HTTP ${response.status}`; return; }
  const body = await response.json();
  for (const alert of body.alerts) vitals.setAlert(alert);
  stats.alertsLoaded = true;
}

/** POST …/ack: the acknowledged alert, or the refusal in words (a second acknowledgement says who came first). */
async function acknowledgeAlert(id) {
  try {
    const response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/alerts/${encodeURIComponent(id)}/ack`, { method: 'POST', headers: authHeaders() });
    const body = await response.json().catch(() => ({}));
    if (response.ok) return { alert: body };
    if (response.status === 409) return { alert: body.alert, refusal: body.detail };
    return { refusal: `acknowledgement refused: ${body.detail ?? `HTTP ${response.status}`}` };
  } catch (e) {
    return { refusal: `acknowledgement not sent: ${e.message}` };
  }
}

function authHeaders() { return token ? { Authorization: `Bearer ${token}` } : {}; }

// --- the screen ---------------------------------------------------------------------------------

function tick(now) {
  requestAnimationFrame(tick);
  if (now - lastDraw < DRAW_EVERY_MS || stats.refused) return;
  const dt = lastTick === null ? 0 : now - lastTick;
  lastTick = now;
  lastDraw = now;
  const g = renderer.computeGeometry();
  let view;
  if (review) {
    const pageStartMs = review.fromMs + review.page * g.pageMs;
    view = { pageStartMs, displayMs: pageStartMs + g.pageMs, sweep: false };
  } else {
    advanceDisplay(dt);
    view = renderer.view(displayMs ?? Date.now());
    if (displayMs === null) view.displayMs = -Infinity;
  }
  const drawn = renderer.draw(store, view, analysis);
  calipers.draw();
  if (now - lastStatus > 250) {
    lastStatus = now;
    updateStatus(drawn);
    if (!review) fillFromStorage(view);
  }
}

/** The display clock follows the newest sample with a delay of about one chunk, so the sweep moves
 * smoothly although data arrives in chunks; it never runs ahead of the data. */
function advanceDisplay(dt) {
  if (frozen || !Number.isFinite(store.latestMs)) return;
  const delay = Math.min(2000, Math.max(250, store.maxChunkMs + 150));
  const target = store.latestMs - delay;
  if (displayMs === null || Math.abs(displayMs + dt - target) > 1500) displayMs = target;
  else displayMs = displayMs + dt + (target - (displayMs + dt)) * 0.05;
  displayMs = Math.min(displayMs, store.latestMs);
}

function updateStatus(drawn) {
  const now = Date.now();
  store.prune();
  autoLayout();
  refreshLeadChoices();
  analysis.prune(store.latestMs);
  vitals.setComputedHeartRate(analysis.heartRate());
  vitals.render(now);
  renderStatements();

  const fresh = document.getElementById('freshness');
  if (review) {
    fresh.textContent = stats.replayComplete ? `${stats.replayFrames} frames loaded` : `${stats.replayFrames} frames…`;
    fresh.className = 'pill ' + (stats.replayComplete ? 'pill-ok' : 'pill-wait');
  } else if (stats.lastFrameAtMs === null) {
    fresh.textContent = 'no data yet';
    fresh.className = 'pill pill-wait';
  } else {
    const age = (now - stats.lastFrameAtMs) / 1000;
    fresh.textContent = `last frame ${age < 10 ? age.toFixed(1) : Math.round(age)} s ago`;
    fresh.className = 'pill ' + (age < 2 ? 'pill-ok' : age < 5 ? 'pill-wait' : 'pill-bad');
  }
  const recent = stats.latencyMs.slice(-20).sort((a, b) => a - b);
  document.getElementById('latency').textContent = recent.length ? `latency ${Math.round(recent[recent.length >> 1])} ms` : 'latency —';
  document.getElementById('dropped').textContent = `dropped ${stats.dropped}`;

  const footer = [
    `${drawn.speedMmPerS} mm/s`, `${drawn.gainMmPerMv} mm/mV`,
    `1 mm = ${drawn.pxPerMm.toFixed(2)} px (calibration ×${drawn.calibration.toFixed(3)})`,
    'unfiltered',
    `page ${timeText(drawn.pageStartMs)}–${timeText(drawn.pageStartMs + drawn.pageMs)}`,
  ];
  if (drawn.pageNote) footer.push(drawn.pageNote);
  if (frozen) footer.push('FROZEN');
  const note = document.getElementById('page-note');
  note.hidden = !drawn.pageNote;
  if (drawn.pageNote) {
    note.textContent = drawn.pageNote;
    note.style.left = `${Math.round(drawn.paperWidthPx + 8)}px`;
  }
  document.getElementById('ecg-footer').innerHTML = footer.map(f => `<span>${f}</span>`).join('');
}

/** Asks the gateway for the stored signal of the screen's rows that memory does not hold (the join
 * brings the last LateJoinSeconds; the single-lead layout and slow speeds show more). Waveforms only:
 * vitals and events of the past are already on screen from the join. */
function fillFromStorage(view) {
  if (!liveConnection || stats.connection !== 'live' || backfill.inFlight || !Number.isFinite(view.displayMs)) return;
  const g = renderer.geometry;
  const wanted = Math.max(view.sweep ? view.pageStartMs - g.pageMs : view.pageStartMs, store.latestMs - LIVE_KEEP_MS + 5000);
  const held = Math.min(store.earliestMs(), backfill.fromMs);
  if (!Number.isFinite(held) || held - wanted < 100) return;
  const fromMs = Math.floor(wanted), toMs = Math.ceil(held);
  backfill.inFlight = true;
  backfill.fromMs = fromMs;
  stats.backfillRequests = (stats.backfillRequests ?? 0) + 1;
  liveConnection.stream('Replay', sessionId, fromMs, toMs).subscribe({
    next: frame => {
      stats.backfillFrames = (stats.backfillFrames ?? 0) + 1;
      for (const chunk of frame.waveforms) store.addChunk(chunk);
    },
    complete: () => { backfill.inFlight = false; },
    error: () => { backfill.inFlight = false; },
  });
}

/** A one-lead recorder shows in the single-lead layout (a 12-lead grid of empty strips helps nobody). */
function autoLayout() {
  if (autoLayoutChecked || stats.frames === 0) return;
  const ecg = store.labels().filter(l => ECG_LEAD_CODES.has(l.mdc));
  if (ecg.length === 0) return;
  autoLayoutChecked = true;
  if (ecg.length === 1) {
    renderer.settings.lead = ecg[0].mdc;
    setLayout('1');
  }
}

function refreshLeadChoices() {
  const select = document.getElementById('lead-select');
  const ecg = store.labels().filter(l => ECG_LEAD_CODES.has(l.mdc));
  const order = Object.values(LEADS);
  ecg.sort((a, b) => order.indexOf(a.mdc) - order.indexOf(b.mdc));
  const key = ecg.map(l => l.mdc).join(',');
  if (select.dataset.key === key) return;
  select.dataset.key = key;
  select.innerHTML = (ecg.length ? ecg : [{ mdc: LEADS.II, label: 'II' }]).map(l => `<option value="${l.mdc}">${l.label}</option>`).join('');
  select.value = String(renderer.settings.lead);
}

// --- controls -----------------------------------------------------------------------------------

function setLayout(layout) {
  renderer.settings.layout = layout;
  activate('[data-layout]', b => b.dataset.layout === layout);
}

function activate(selector, isActive) {
  for (const b of document.querySelectorAll(selector)) b.classList.toggle('active', isActive(b));
}

for (const b of document.querySelectorAll('[data-layout]')) b.addEventListener('click', () => setLayout(b.dataset.layout));
for (const b of document.querySelectorAll('[data-speed]')) {
  b.addEventListener('click', () => {
    renderer.settings.speed = Number(b.dataset.speed);
    activate('[data-speed]', x => x === b);
  });
}
for (const b of document.querySelectorAll('[data-gain]')) {
  b.addEventListener('click', () => {
    renderer.settings.gain = Number(b.dataset.gain);
    activate('[data-gain]', x => x === b);
  });
}
for (const b of document.querySelectorAll('[data-caliper]')) {
  b.addEventListener('click', () => {
    calipers.setMode(b.dataset.caliper);
    if (b.dataset.caliper === 'off') calipers.clear();
    activate('[data-caliper]', x => x === b);
  });
}
document.getElementById('lead-select').addEventListener('change', e => {
  renderer.settings.lead = Number(e.target.value);
  setLayout('1');
});
const freezeButton = document.getElementById('freeze');
function setFrozen(on) {
  frozen = on;
  freezeButton.textContent = on ? 'Frozen — resume' : 'Freeze';
  freezeButton.classList.toggle('frozen', on);
}
freezeButton.addEventListener('click', () => setFrozen(!frozen));
document.getElementById('page-prev').addEventListener('click', () => { if (review) review.page = Math.max(0, review.page - 1); });
document.getElementById('page-next').addEventListener('click', () => {
  if (review && review.fromMs + (review.page + 1) * renderer.computeGeometry().pageMs < review.toMs) review.page++;
});
document.getElementById('calibrate').addEventListener('click', () => openCalibrationDialog(renderer.settings.calibration, factor => {
  renderer.settings.calibration = factor;
  saveCalibration(factor);
}));

// --- start --------------------------------------------------------------------------------------

// For people and for automated checks: what is on screen, in numbers.
window.teleSanteViewer = {
  stats,
  layout: () => renderer.lastDraw,
  freeze: on => setFrozen(on !== false),
  alerts: () => [...vitals.alerts.values()],
  calipers: () => ({ measurement: calipers.measurement(), text: calipers.text(), readout: calipers.readout.hidden ? null : calipers.readout.textContent }),
  heartRate: () => analysis.heartRate(),
  beats: () => analysis.beats.map(b => ({ ...b })),
  statements: () => analysis.statements.map(st => ({ ...st })),
  statementsText: () => [...document.querySelectorAll('#rhythm-statements li')].map(li => li.textContent),
  settings: renderer.settings,
};

if (!sessionId) {
  fatal('No session: open /viewer/index.html?session=ID');
} else if (typeof signalR === 'undefined') {
  fatal('The SignalR client library is missing (/lib/signalr.min.js): run scripts/install-web.sh on the gateway.');
} else {
  document.getElementById('session-id').textContent = sessionId;
  document.title = `${sessionId} — TeleSanté`;
  const connection = new LiveConnection({ token, protocol: params.get('protocol'), onFrame, onAlert: a => vitals.setAlert(a), onAnalysis, onState: setConnection, onRefused: refused });
  liveConnection = connection;
  stats.protocol = connection.protocol;
  if (review) {
    document.body.classList.add('review');
    document.getElementById('mode').textContent = `review ${new Date(review.fromMs).toLocaleString()} – ${timeText(review.toMs)}`;
    connection.start(async () => {
      setConnection('loading');
      try { vitals.setRules(await connection.invoke('AlertRules')); } catch { /* display only */ }
      loadAlerts().catch(e => { stats.alertsError = String(e.message ?? e); });
      connection.stream('Replay', sessionId, review.fromMs, review.toMs).subscribe({
        next: onFrame,
        complete: () => { stats.replayComplete = true; setConnection('review'); },
        error: e => { if (hubError(e)) connection.refuse(hubError(e)); else { setConnection('offline', e); fatal(`Replay failed: ${e.message}`); } },
      });
    });
  } else {
    connection.start(async () => {
      try {
        const joined = await connection.invoke('Join', sessionId);
        stats.joined = joined;
        vitals.setRules(joined.alerts);
        setConnection('live');
        // After the join: an alert raised meanwhile comes live, and setAlert keeps the newest state of each.
        loadAlerts().catch(e => { stats.alertsError = String(e.message ?? e); });
      } catch (e) {
        const refusal = hubError(e);
        if (refusal) {
          connection.refuse(refusal);
        } else {
          setConnection('offline', e);
          connection.retry();
        }
      }
    });
  }
}
requestAnimationFrame(tick);

function parseTime(text) {
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}

/** A bearer token passed as #access_token=… is moved to sessionStorage (and out of the address bar). */
function takeToken() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const fromHash = hash.get('access_token');
  if (fromHash) {
    sessionStorage.setItem('telesante.accessToken', fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem('telesante.accessToken');
}
