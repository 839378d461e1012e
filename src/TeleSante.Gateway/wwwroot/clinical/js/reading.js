// Reading page (/clinical/reading.html?request=ID): the request's question and context, the patient's identity
// traits (name, birth date, sex; never the INS), the attached ECG range in review mode at 25 mm/s and 10 mm/mV
// (the viewer's renderer), the vitals of the request with their times, and the report form beside them: sign,
// then the signed report read-only (signer, RPPS, time); a correction is a new version with its reason.
import { ClinicalApi, Refusal, takeToken, subjectOf } from './api.js';
import { el, byId, showRefusal, showDone, clear, dateTimeText, timeOfDay, birthDateText, unitText, PRIORITY_TEXT, SEX_TEXT } from './dom.js';
import { EcgReview } from './ecg-review.js';
import { Calipers } from '/viewer/js/calipers.js';
import { reportNode, versions } from './report-view.js';
import { loadCalibration } from '/viewer/js/calibration.js';
import { proposalsPanel, prefill, statementsOf } from './ecg-proposals.js';

const AMEND_PATH = id => `/api/clinical/requests/${encodeURIComponent(id)}/amend`;

const requestId = new URLSearchParams(location.search).get('request');
const token = takeToken();
const api = new ClinicalApi(token);
const vitals = new Map();
const page = { review: null, view: null, ecgError: null, proposals: null };

byId('who').textContent = subjectOf(token) ?? '';

// For people and automated checks: what is on screen, in numbers.
window.clinicalReading = {
  page,
  layout: () => page.review?.renderer.lastDraw ?? null,
  vitals: () => [...vitals.values()],
};

function refused(e) {
  showRefusal(byId('refusal'), e instanceof Refusal ? e : { code: null, detail: e.message });
}

async function load() {
  byId('request-id').textContent = requestId ?? '—';
  if (!requestId) { refused({ code: null, detail: 'no request: open /clinical/reading.html?request=ID' }); return; }
  let view;
  try {
    view = await api.get(`/api/clinical/requests/${encodeURIComponent(requestId)}`);
  } catch (e) {
    // A refusal is all the page shows: no question, patient or trace of a request this practitioner may not read.
    document.body.classList.add('refused');
    refused(e);
    return;
  }
  page.view = view;
  showRequest(view);
  showPatient(view.request.patientId);
  showEcg(view.request);
  showProposals(view);
}

/** Issue 12: the machine proposals beside the trace, and in the form while nothing is signed yet. */
async function showProposals(view) {
  const panel = byId('proposals-panel');
  try {
    page.proposals = await api.get(`/api/clinical/requests/${encodeURIComponent(requestId)}/ecg-proposals`);
  } catch (e) {
    panel.replaceChildren(el('p', { class: 'muted', id: 'proposals-missing' }, e instanceof Refusal ? `No proposals (${e.code}: ${e.detail})` : `No proposals: ${e.message}`));
    return;
  }
  panel.replaceChildren(proposalsPanel(page.proposals));
  if (!view.reports?.length) prefill(byId('report-form'), page.proposals, byId('statements'));
}

function showRequest(view) {
  const r = view.request;
  byId('request-state').textContent = r.state;
  byId('question').textContent = r.question;
  byId('context').textContent = r.clinicalContext || '—';
  byId('request-meta').textContent = `${PRIORITY_TEXT[r.priority] ?? r.priority} · ${r.specialty} · filed ${dateTimeText(r.submittedAt)} by ${r.requestedBy} · due ${dateTimeText(r.dueAt)}`;
  showReports(view.reports);
}

async function showPatient(patientId) {
  try {
    const p = await api.get(`/api/clinical/patients/${encodeURIComponent(patientId)}`);
    byId('patient-name').textContent = `${p.birthFamilyName} ${p.firstGivenName}${p.birthGivenNames && p.birthGivenNames !== p.firstGivenName ? ` (${p.birthGivenNames})` : ''}`;
    byId('patient-birth').textContent = birthDateText(p.birthDate);
    byId('patient-sex').textContent = SEX_TEXT[p.sex] ?? p.sex;
  } catch (e) {
    byId('patient-name').textContent = e instanceof Refusal ? `not available (${e.code}: ${e.detail})` : 'not available';
  }
}

function showEcg(r) {
  const recording = r.attachments?.recordings?.[0];
  if (!recording) { byId('ecg-footer').textContent = 'No recording attached to this request.'; return; }
  const ranges = [...(r.attachments.recordings ?? []), ...(r.attachments.vitals ?? [])];
  const review = new EcgReview({
    canvas: byId('ecg'), box: byId('ecg-box'), token, sessionId: r.consultationId, deviceId: recording.deviceId,
    fromMs: Date.parse(recording.from), toMs: Date.parse(recording.to),
    replayFromMs: Math.min(...ranges.map(x => Date.parse(x.from))), replayToMs: Math.max(...ranges.map(x => Date.parse(x.to))),
    calibration: loadCalibration(),
    onVital: v => { vitals.set(`${v.deviceId}|${v.timeNs}|${v.mdcCode}`, v); },
  });
  page.review = review;
  page.calipers = new Calipers(review.renderer, byId('ecg-box'));
  review.load().then(() => {
    const select = byId('lead-select');
    select.replaceChildren(...review.leads().map(l => el('option', { value: String(l.mdc) }, l.label)));
    select.value = String(review.renderer.settings.lead);
    drawEcg();
    showVitals(r.attachments.vitals ?? []);
  }, e => {
    page.ecgError = e.message;
    byId('ecg-footer').textContent = `The recording could not be read: ${e.message}`;
  });
}

function drawEcg() {
  const drawn = page.review.draw();
  page.calipers.draw();
  const n = page.review.pageCount();
  byId('page-text').textContent = `page ${page.review.page + 1} of ${n}`;
  byId('ecg-footer').replaceChildren(
    el('span', {}, `${drawn.speedMmPerS} mm/s`), el('span', {}, `${drawn.gainMmPerMv} mm/mV`),
    el('span', {}, `1 mm = ${drawn.pxPerMm.toFixed(2)} px (calibration ×${drawn.calibration.toFixed(3)})`),
    el('span', {}, `${timeOfDay(drawn.pageStartMs)}–${timeOfDay(drawn.pageStartMs + drawn.pageMs)}`),
    el('span', {}, `recording ${page.review.o.deviceId}`));
}

for (const b of document.querySelectorAll('[data-caliper]')) {
  b.addEventListener('click', () => {
    if (!page.calipers) return;
    page.calipers.setMode(b.dataset.caliper);
    if (b.dataset.caliper === 'off') page.calipers.clear();
    for (const x of document.querySelectorAll('[data-caliper]')) x.classList.toggle('active', x === b);
  });
}
byId('lead-select').addEventListener('change', e => { page.review?.setLead(Number(e.target.value)); drawEcg(); });
byId('page-prev').addEventListener('click', () => { if (page.review?.complete) { page.review.turn(-1); drawEcg(); } });
byId('page-next').addEventListener('click', () => { if (page.review?.complete) { page.review.turn(1); drawEcg(); } });
window.addEventListener('resize', () => { if (page.review?.complete) drawEcg(); });

/** One row per measured value, each with its own measurement time and device. */
function showVitals(attached) {
  const rows = [...vitals.values()].sort((a, b) => Number(a.timeNs) - Number(b.timeNs)).map(v => el('tr', {},
    el('td', {}, v.label || v.refId),
    el('td', {}, `${Number.isInteger(v.value) ? v.value : v.value.toFixed(1)} ${unitText(v.unit)}`),
    el('td', {}, `${timeOfDay(Number(v.timeNs) / 1e6)} · ${v.deviceId}`)));
  byId('vitals').tBodies[0].replaceChildren(...rows);
  byId('vitals-empty').hidden = rows.length > 0;
  if (!rows.length && attached.length) byId('vitals-empty').textContent = 'No vitals were measured in the attached ranges.';
}

// --- the report ---------------------------------------------------------------------------------

function showReports(reports) {
  const { latest, earlier } = versions(reports);
  const signed = byId('signed');
  const form = byId('report-form');
  if (!latest) {
    signed.hidden = true;
    form.hidden = false;
    return;
  }
  signed.hidden = false;
  signed.replaceChildren(reportNode(latest, earlier), el('button', { class: 'seg', id: 'amend', onclick: () => startAmend(latest) }, 'Correct (new version)…'));
  form.hidden = true;
}

function findingsOf(form) {
  const f = new FormData(form);
  const number = name => (f.get(name) === '' || f.get(name) === null ? null : Number(f.get(name)));
  return {
    rhythm: f.get('rhythm'), rateBpm: number('rateBpm'), prMs: number('prMs'), qrsMs: number('qrsMs'), qtMs: number('qtMs'),
    qtcMs: number('qtcMs'), axisDegrees: number('axisDegrees'), conclusion: f.get('conclusion'), followUp: f.get('followUp'), freeText: f.get('freeText') ?? '',
    statements: statementsOf(form),
  };
}

function startAmend(latest) {
  const form = byId('report-form');
  const f = latest.findings;
  for (const [name, value] of Object.entries({ ...f, followUp: latest.followUp })) if (form.elements[name]) form.elements[name].value = value ?? '';
  // The statements as the latest version signed them: proposed ones ticked if kept, added ones in the text box.
  const reviewed = latest.review?.statements ?? [];
  byId('statements').replaceChildren(...reviewed.filter(s => s.decision !== 'Added').map(s => el('label', { class: 'statement' },
    el('input', { type: 'checkbox', name: 'statement', value: s.text, checked: s.decision === 'Accepted' }), ` ${s.text}`)));
  form.elements.addedStatements.value = reviewed.filter(s => s.decision === 'Added').map(s => s.text).join('\n');
  form.dataset.amend = '1';
  byId('amend-reason-label').hidden = false;
  form.elements.reason.required = true;
  byId('sign').textContent = 'Sign the corrected version';
  byId('amend-cancel').hidden = false;
  form.hidden = false;
}

byId('amend-cancel').addEventListener('click', () => {
  const form = byId('report-form');
  delete form.dataset.amend;
  byId('amend-reason-label').hidden = true;
  form.elements.reason.required = false;
  byId('amend-cancel').hidden = true;
  byId('sign').textContent = 'Sign the report';
  form.hidden = true;
});

byId('report-form').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.target;
  const banner = byId('report-result');
  clear(banner);
  const amend = form.dataset.amend === '1';
  try {
    if (amend) await api.post(AMEND_PATH(requestId), { ...findingsOf(form), reason: form.elements.reason.value });
    else await api.post(`/api/clinical/requests/${encodeURIComponent(requestId)}/report`, findingsOf(form));
  } catch (err) {
    showRefusal(banner, err instanceof Refusal ? err : { code: null, detail: err.message });
    return;
  }
  if (amend) byId('amend-cancel').click();
  const view = await api.get(`/api/clinical/requests/${encodeURIComponent(requestId)}`);
  page.view = view;
  showRequest(view);
  showDone(banner, amend ? 'Corrected version signed; the previous one is kept.' : 'Report signed. The requester sees it now.');
});

load();
