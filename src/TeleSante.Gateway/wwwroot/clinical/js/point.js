// Site operator's page (/clinical/point.html): station, patient identity, consent, consultation, the station's
// devices streaming into it (session id = consultation id), a tele-expertise request, closing. Each step is one
// API call; a refusal is shown with its code and reason and the step can be corrected and tried again.
import { ClinicalApi, Refusal, takeToken, subjectOf, newId } from './api.js';
import { el, byId, showRefusal, showDone, clear, dateTimeText, timeOfDay, unitText, PRIORITY_TEXT } from './dom.js';
import { LiveConnection, hubError } from '/viewer/js/connection.js';
import { LEADS } from '/viewer/js/ecg-renderer.js';

const JOIN_RETRY_MS = 2000;
const SCREENING_CHECK_MS = 10_000;
const ECG_LEADS = new Set(Object.values(LEADS));

const token = takeToken();
const api = new ClinicalApi(token);
const state = { station: null, patient: null, consent: null, consultation: null, devices: new Map(), requests: [], live: null };

// For people and automated checks: what the page holds, in numbers.
window.clinicalPoint = { state, devices: () => [...state.devices.values()].map(d => ({ ...d, vitals: undefined })) };

byId('who').textContent = subjectOf(token) ?? 'not signed in';

/** Runs one step: the banner shows the refusal (code and reason) or what was done. */
async function step(banner, action) {
  clear(banner);
  try {
    return await action();
  } catch (e) {
    showRefusal(banner, e instanceof Refusal ? e : { code: null, detail: e.message });
    return null;
  }
}

// --- 1. station ---------------------------------------------------------------------------------

async function loadStations() {
  const stations = await step(byId('station-result'), () => api.get('/api/clinical/stations'));
  const select = byId('station');
  select.replaceChildren(...(stations ?? []).map(s => el('option', { value: s.id }, `${s.name} (${s.id})`)));
  state.stations = stations ?? [];
  select.addEventListener('change', chooseStation);
  chooseStation();
}

function chooseStation() {
  state.station = state.stations.find(s => s.id === byId('station').value) ?? null;
  const s = state.station;
  byId('station-devices').textContent = !s
    ? 'No station at your site.'
    : `Devices: ${(s.deviceIds ?? []).join(', ') || 'none'}${s.openConsultationId ? ` · consultation ${s.openConsultationId} is open here: close it before opening another` : ''}`;
}

// --- 2. patient ---------------------------------------------------------------------------------

byId('patient-form').addEventListener('submit', async e => {
  e.preventDefault();
  const f = new FormData(e.target);
  const ins = String(f.get('ins') ?? '').replace(/\s/g, '');
  const body = {
    id: newId('pat'),
    ins: ins || null,
    insOid: ins ? f.get('insOid') : null,
    birthFamilyName: f.get('birthFamilyName'), birthGivenNames: f.get('birthGivenNames'), firstGivenName: f.get('firstGivenName'),
    birthDate: f.get('birthDate'), sex: f.get('sex'), birthPlaceCode: f.get('birthPlaceCode'),
    identityDocumentChecked: f.get('identityDocumentChecked') === 'on',
  };
  const banner = byId('patient-result');
  const patient = await step(banner, () => api.post('/api/clinical/patients', body));
  if (!patient) {
    // The gateway never echoes an INS; say plainly which field to check.
    if (ins && /INS/i.test(banner.textContent)) banner.append(el('span', { class: 'hint' }, 'Check the INS and its 2-digit key on the carte Vitale or the INSi answer.'));
    return;
  }
  state.patient = patient;
  showDone(banner, `Patient recorded (${patient.id}): identity ${patient.status}${patient.hasIns ? ', with INS' : ', without INS'}.`);
  byId('consent-form').querySelector('button').disabled = false;
});

// --- 3. consent ---------------------------------------------------------------------------------

byId('consent-form').addEventListener('submit', async e => {
  e.preventDefault();
  const f = new FormData(e.target);
  const body = {
    id: newId('consent'),
    patientId: state.patient.id,
    informationGiven: f.get('informationGiven'),
    specialties: String(f.get('specialties')).split(',').map(s => s.trim()).filter(Boolean),
    shareReportWithTreatingGp: f.get('shareReportWithTreatingGp') === 'on',
    treatingGp: f.get('treatingGp') || null,
  };
  const consent = await step(byId('consent-result'), () => api.post('/api/clinical/consents', body));
  if (!consent) return;
  state.consent = consent;
  showDone(byId('consent-result'), `Consent recorded (${consent.id}): ${body.specialties.join(', ')}${body.shareReportWithTreatingGp ? ', report shared with the treating GP' : ''}.`);
  byId('open-consultation').disabled = false;
});

// --- 4. consultation and its devices ------------------------------------------------------------

byId('open-consultation').addEventListener('click', async () => {
  if (!state.station) { showRefusal(byId('consultation-result'), { code: null, detail: 'choose a station first' }); return; }
  const body = { id: newId('visit'), stationId: state.station.id, patientId: state.patient.id, consentId: state.consent.id };
  const consultation = await step(byId('consultation-result'), () => api.post('/api/clinical/consultations', body));
  if (!consultation) return;
  state.consultation = consultation;
  showDone(byId('consultation-result'), `Consultation ${consultation.id} open at ${state.station.name}: the station's devices record into it.`);
  byId('open-consultation').disabled = true;
  byId('close-consultation').disabled = false;
  byId('request-form').querySelector('button[type=submit]').disabled = false;
  const link = byId('viewer-link');
  link.href = `/viewer/index.html?session=${encodeURIComponent(consultation.id)}`;
  link.hidden = false;
  watchDevices(consultation.id);
  linkScreeningCapture(consultation.id);
});

byId('close-consultation').addEventListener('click', async () => {
  const closed = await step(byId('consultation-result'), () => api.post(`/api/clinical/consultations/${encodeURIComponent(state.consultation.id)}/close`));
  if (!closed) return;
  showDone(byId('consultation-result'), `Consultation ${state.consultation.id} closed.`);
  state.consultation.closed = true;
  byId('close-consultation').disabled = true;
  byId('request-form').querySelector('button[type=submit]').disabled = true;
  state.live?.stop();
  setLive('closed', 'pill-wait');
});

/** Issue 13: when the consultation is (or becomes, once registered in a campaign) a fundus screening visit, the link to the
 * operator's capture page. Asked every SCREENING_CHECK_MS until it is one or the consultation closes. */
function linkScreeningCapture(consultationId) {
  const check = async () => {
    if (state.consultation?.id !== consultationId || state.consultation.closed) return;
    try {
      await api.get(`/api/screening/visits/${encodeURIComponent(consultationId)}/fields`);
      const link = byId('capture-link');
      link.href = `capture.html?visit=${encodeURIComponent(consultationId)}`;
      link.hidden = false;
    } catch (e) {
      if (e.code === 'NotFound') setTimeout(check, SCREENING_CHECK_MS); // not a screening visit (yet)
    }
  };
  check();
}

function setLive(text, kind, title) {
  const pill = byId('live-state');
  pill.textContent = text;
  pill.className = `pill ${kind}`;
  pill.title = title ?? '';
}

/** Joins the consultation's session on the live hub. Until a device of the station has sent something the
 * gateway does not know the session yet and refuses the join: the page waits and asks again. */
function watchDevices(sessionId) {
  setLive('waiting for devices', 'pill-wait');
  const live = new LiveConnection({
    token,
    protocol: null,
    onFrame: frame => addFrame(frame),
    onState: s => { if (s !== 'live') setLive(s, 'pill-wait'); },
    onRefused: message => { setLive('refused', 'pill-bad', message); showRefusal(byId('consultation-result'), { code: 'LiveView', detail: message }); },
  });
  state.live = live;
  const join = async () => {
    try {
      await live.invoke('Join', sessionId);
      setLive('live', 'pill-ok');
    } catch (e) {
      if (state.consultation?.closed) return;
      setLive('waiting for devices', 'pill-wait', hubError(e) ?? e.message);
      setTimeout(join, JOIN_RETRY_MS);
    }
  };
  live.start(join);
}

function addFrame(frame) {
  const id = frame.deviceId || 'unknown device';
  let device = state.devices.get(id);
  if (!device) {
    device = { id, ecgFromMs: null, ecgToMs: null, leads: new Set(), vitalsFromMs: null, vitalsToMs: null, vitals: new Map() };
    state.devices.set(id, device);
  }
  for (const chunk of frame.waveforms) {
    const ecg = chunk.channels.filter(c => ECG_LEADS.has(c.mdcCode));
    if (!ecg.length) continue;
    const from = Number(chunk.startTimeNs) / 1e6;
    const to = from + (ecg[0].samples.length * 1000) / chunk.sampleRateHz;
    device.ecgFromMs = device.ecgFromMs === null ? from : Math.min(device.ecgFromMs, from);
    device.ecgToMs = device.ecgToMs === null ? to : Math.max(device.ecgToMs, to);
    for (const c of ecg) device.leads.add(c.label);
  }
  for (const v of frame.vitals) {
    const at = Number(v.timeNs) / 1e6;
    device.vitalsFromMs = device.vitalsFromMs === null ? at : Math.min(device.vitalsFromMs, at);
    device.vitalsToMs = device.vitalsToMs === null ? at : Math.max(device.vitalsToMs, at);
    device.vitals.set(`${v.timeNs}|${v.mdcCode}`, v);
  }
  renderDevices();
}

/** One row per device: what it recorded (from–to), and the values of its newest measurement only, with that
 * measurement's time (never values of different measurements side by side). */
function renderDevices() {
  const rows = [...state.devices.values()].map(d => {
    const recording = d.ecgFromMs !== null
      ? `ECG ${[...d.leads].join(', ')} · ${timeOfDay(d.ecgFromMs)}–${timeOfDay(d.ecgToMs)} (${Math.round((d.ecgToMs - d.ecgFromMs) / 1000)} s)`
      : d.vitalsFromMs !== null ? `vitals · ${timeOfDay(d.vitalsFromMs)}–${timeOfDay(d.vitalsToMs)}` : '—';
    const newest = [...d.vitals.values()].reduce((a, v) => (!a || Number(v.timeNs) > Number(a.timeNs) ? v : a), null);
    const values = newest
      ? [...d.vitals.values()].filter(v => String(v.timeNs) === String(newest.timeNs) && v.deviceId === newest.deviceId)
        .map(v => `${v.label || v.refId} ${round(v.value)} ${unitText(v.unit)}`).join(' · ') + ` — measured ${timeOfDay(Number(newest.timeNs) / 1e6)}`
      : '—';
    return el('tr', { dataset: { device: d.id } }, el('td', {}, d.id), el('td', {}, recording), el('td', {}, values));
  });
  byId('devices').tBodies[0].replaceChildren(...rows);
  renderRecordedRange();
}

function round(v) { return Number.isInteger(v) ? String(v) : v.toFixed(1); }

// --- 5. request ---------------------------------------------------------------------------------

/** The ECG recorders seen in this consultation; the range inputs start on the whole recording and are kept
 * within it. */
function renderRecordedRange() {
  const form = byId('request-form');
  const select = form.elements.deviceId;
  const ecgs = [...state.devices.values()].filter(d => d.ecgFromMs !== null);
  const key = ecgs.map(d => d.id).join(',');
  if (select.dataset.key !== key) {
    const current = select.value;
    select.replaceChildren(...ecgs.map(d => el('option', { value: d.id }, d.id)));
    select.dataset.key = key;
    if (current) select.value = current;
  }
  const d = state.devices.get(select.value);
  if (!d || d.ecgFromMs === null) return;
  byId('recorded-range').textContent = `Recorded by ${d.id}: ${dateTimeText(d.ecgFromMs)} – ${timeOfDay(d.ecgToMs)} (${Math.round((d.ecgToMs - d.ecgFromMs) / 1000)} s). The range is kept within it.`;
  if (!form.dataset.touched) {
    form.elements.from.value = clock(d.ecgFromMs);
    form.elements.to.value = clock(d.ecgToMs);
  }
}
for (const name of ['from', 'to']) byId('request-form').elements[name].addEventListener('input', () => { byId('request-form').dataset.touched = '1'; });
byId('request-form').elements.deviceId.addEventListener('change', () => { delete byId('request-form').dataset.touched; renderRecordedRange(); });

/** HH:MM:SS in local time, as <input type=time step=1> holds it. */
function clock(ms) {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map(n => String(n).padStart(2, '0')).join(':');
}

/** A time of day typed in the form, on the recording's day, clamped to what was recorded. */
function timeOnRecordingDay(text, device) {
  const [h, m, s] = text.split(':').map(Number);
  const day = new Date(device.ecgFromMs);
  const ms = new Date(day.getFullYear(), day.getMonth(), day.getDate(), h, m, s || 0).getTime();
  return Math.min(device.ecgToMs, Math.max(device.ecgFromMs, ms));
}

byId('request-form').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.target;
  const f = new FormData(form);
  const banner = byId('request-result');
  const device = state.devices.get(f.get('deviceId'));
  if (!device) { showRefusal(banner, { code: null, detail: 'no ECG has been recorded in this consultation yet' }); return; }
  // The inputs hold whole seconds: a range typed at the recording's edges is the whole edge, not a second short.
  let fromMs = timeOnRecordingDay(String(f.get('from')), device);
  let toMs = timeOnRecordingDay(String(f.get('to')), device);
  if (clock(fromMs) === clock(device.ecgFromMs)) fromMs = device.ecgFromMs;
  if (clock(toMs) === clock(device.ecgToMs) || toMs + 1000 > device.ecgToMs) toMs = device.ecgToMs;
  if (toMs <= fromMs) { showRefusal(banner, { code: null, detail: 'the end of the range must come after its start' }); return; }
  const vitals = f.get('attachVitals') === 'on'
    ? [...state.devices.values()].filter(d => d.vitalsFromMs !== null).map(d => ({ deviceId: d.id, from: iso(Math.floor(d.vitalsFromMs)), to: iso(Math.ceil(d.vitalsToMs) + 1) }))
    : [];
  const body = {
    id: newId('req'),
    consultationId: state.consultation.id,
    kind: f.get('kind'), specialty: f.get('specialty'), priority: f.get('priority'),
    question: f.get('question'), clinicalContext: f.get('clinicalContext'),
    // Whole milliseconds around the range: device times reach the page to about a microsecond (64-bit ns as doubles).
    recordings: [{ deviceId: device.id, from: iso(Math.round(fromMs)), to: iso(Math.ceil(toMs - 0.01)) }],
    vitals, imageIds: [],
  };
  const request = await step(banner, () => api.post('/api/clinical/requests', body));
  if (!request) return;
  state.requests.push(request);
  showDone(banner, `Request ${request.id} ${request.state.toLowerCase()} to ${request.specialty}, due ${dateTimeText(request.dueAt)}.`);
  byId('filed').tBodies[0].append(el('tr', { dataset: { request: request.id } },
    // rel=opener: the new tab gets a copy of this tab's sessionStorage, so the sign-in follows (noopener tabs start empty).
    el('td', {}, el('a', { href: `request.html?id=${encodeURIComponent(request.id)}`, target: '_blank', rel: 'opener' }, request.id)),
    el('td', {}, PRIORITY_TEXT[request.priority] ?? request.priority),
    el('td', {}, request.state),
    el('td', {}, dateTimeText(request.dueAt))));
});

function iso(ms) { return new Date(ms).toISOString(); }

if (!token) showRefusal(byId('page-refusal'), { code: 'NotSignedIn', detail: 'open this page with your sign-in (#access_token=…)' });
else loadStations();
