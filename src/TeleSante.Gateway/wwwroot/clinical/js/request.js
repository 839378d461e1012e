// Requester's view (/clinical/request.html?id=ID): the request's state, live (SubscribeRequest, RequestChanged),
// the signed report, and the attached ECG as a strip at true scale (25 mm/s, 10 mm/mV, the viewer's renderer at
// 96 CSS px per inch, which is what a printed CSS millimetre is), printable on A4 (print.css).
import { ClinicalApi, Refusal, takeToken } from './api.js';
import { byId, showRefusal, dateTimeText, timeOfDay, birthDateText, PRIORITY_TEXT, SEX_TEXT } from './dom.js';
import { ClinicalHub, showHubState } from './hub.js';
import { EcgReview } from './ecg-review.js';
import { reportNode, versions } from './report-view.js';

const ROW_MM = 40; // the single-lead layout's row at 10 mm/mV
const MAX_ROWS = 4; // 4 rows of 7 s fit A4 portrait under the report
const STATE_TEXT = {
  Draft: 'Draft', Submitted: 'Waiting for a specialist', Accepted: 'Accepted: being read', Answered: 'Answered',
  Amended: 'Answered (corrected)', Declined: 'Declined', Cancelled: 'Cancelled', Expired: 'Expired: nobody accepted it in time',
};

const id = new URLSearchParams(location.search).get('id');
const token = takeToken();
const api = new ClinicalApi(token);
const page = { view: null, changes: 0, states: [], review: null, stripError: null };

// For people and automated checks.
window.clinicalRequest = { page, layout: () => page.review?.renderer.lastDraw ?? null };

function show(view) {
  page.view = view;
  const r = view.request;
  page.states.push(r.state);
  byId('request-id').textContent = r.id;
  byId('request-ref').textContent = r.id;
  const pill = byId('state');
  pill.textContent = r.state;
  pill.dataset.state = r.state;
  pill.className = 'pill ' + (['Answered', 'Amended'].includes(r.state) ? 'pill-ok' : ['Declined', 'Cancelled', 'Expired'].includes(r.state) ? 'pill-bad' : 'pill-wait');
  byId('state-text').textContent = `${STATE_TEXT[r.state] ?? r.state}${r.declineReason ? ` — ${r.declineReason}` : ''}${r.acceptedBy ? ` · accepted by ${r.acceptedBy} ${dateTimeText(r.acceptedAt)}` : ''}`;
  byId('question').textContent = r.question;
  byId('context').textContent = r.clinicalContext || '';
  byId('request-meta').textContent = `${PRIORITY_TEXT[r.priority] ?? r.priority} · ${r.specialty} · filed ${dateTimeText(r.submittedAt)} · due ${dateTimeText(r.dueAt)}`;
  const { latest, earlier } = versions(view.reports);
  byId('report').replaceChildren(...(latest ? [reportNode(latest, earlier)] : [document.createTextNode('Not answered yet.')]));
  byId('print').disabled = !latest;
  if (!page.review) showStrip(r);
}

async function showPatient(patientId) {
  try {
    const p = await api.get(`/api/clinical/patients/${encodeURIComponent(patientId)}`);
    byId('patient-name').textContent = `${p.birthFamilyName} ${p.firstGivenName}`;
    byId('patient-birth').textContent = birthDateText(p.birthDate);
    byId('patient-sex').textContent = SEX_TEXT[p.sex] ?? p.sex;
  } catch (e) {
    byId('patient-name').textContent = e instanceof Refusal ? `not available (${e.code})` : 'not available';
  }
}

/** The strip box is sized in millimetres (CSS mm = printed mm), one 40 mm row per 7 s, so screen and print hold
 * the same drawing at the same scale. */
function showStrip(r) {
  const recording = r.attachments?.recordings?.[0];
  if (!recording) { byId('strip-note').textContent = 'No recording attached.'; return; }
  const fromMs = Date.parse(recording.from), toMs = Date.parse(recording.to);
  const box = byId('strip-box');
  const review = new EcgReview({ canvas: byId('strip'), box, token, sessionId: r.consultationId, deviceId: recording.deviceId, fromMs, toMs, calibration: 1 });
  page.review = review;
  const rowMs = review.renderer.computeGeometry().rowMs;
  const rows = Math.min(MAX_ROWS, Math.max(1, Math.ceil((toMs - fromMs) / rowMs)));
  // One extra millimetre: the renderer counts whole millimetres of the box's whole pixels.
  box.style.height = `${rows * ROW_MM + 1}mm`;
  review.load().then(() => {
    const drawn = review.draw();
    byId('strip-caption').textContent = `${drawn.strips[0].label} · ${timeOfDay(fromMs)}–${timeOfDay(toMs)} · 25 mm/s · 10 mm/mV · ${recording.deviceId}`;
    const shown = drawn.pageMs;
    byId('strip-note').textContent = toMs - fromMs > shown
      ? `The first ${Math.round(shown / 1000)} s of ${Math.round((toMs - fromMs) / 1000)} s are printed; the specialist read the whole range.`
      : '';
  }, e => {
    page.stripError = e.message;
    byId('strip-note').textContent = `The ECG could not be shown: ${e.message}`;
  });
}

byId('print').addEventListener('click', () => window.print());

if (!id) {
  showRefusal(byId('refusal'), { code: null, detail: 'no request: open /clinical/request.html?id=ID' });
} else if (!token) {
  showRefusal(byId('refusal'), { code: 'NotSignedIn', detail: 'open this page with your sign-in (#access_token=…)' });
} else {
  let patientShown = false;
  const hub = new ClinicalHub(token, {
    RequestChanged: view => { if (view.request.id === id) { page.changes++; show(view); } },
  }, (state, detail) => {
    showHubState(byId('hub-state'), state, detail);
    if (state === 'refused') {
      document.body.classList.add('refused');
      showRefusal(byId('refusal'), detail);
    }
  });
  hub.start(async connection => {
    // The subscription answers the current view: a change missed while disconnected is caught up here.
    const view = await connection.invoke('SubscribeRequest', id);
    show(view);
    if (!patientShown) { patientShown = true; showPatient(view.request.patientId); }
  });
}
