// The operator's page for a screening visit (issue 13), at the point of care: ?visit=ID shows the four protocol fields
// (right/left × macula/disc) as the camera's uploads arrive, each missing, gradable, or ungradable with the quality
// gate's reasons and a retake prompt; then sends the visit to grading (refused, with the fields named, while one is
// missing or ungradable, unless the operator says why). It polls the field status: the camera uploads on its own
// connection, and two seconds is well inside the time the operator needs to re-aim the camera. A poll is one small JSON
// read (the four fields' status); the page is redrawn only when it changed. Each capture's thumbnail (a downscaled JPEG the
// gateway makes once) is fetched once per page, when the capture first appears, never on later polls.
import { ClinicalApi, takeToken, subjectOf } from './api.js';
import { el, byId, showRefusal, showDone, clear, timeOfDay } from './dom.js';

const POLL_MS = 2000;
const FIELD_TEXT = { MaculaCentred: 'Macula-centred', DiscCentred: 'Disc-centred' };
const STATE_TEXT = { Missing: 'Missing', Gradable: 'Gradable', Ungradable: 'Ungradable', NotAssessed: 'Not assessed by the quality gate' };

const token = takeToken();
const api = new ClinicalApi(token);
const banner = byId('refusal');
const state = { fields: [], sent: null, polls: 0, redraws: 0, thumbnails: 0, refusals: [] };
const thumbs = new Map(); // image id -> Promise of an object URL: one fetch per capture
let shown = null; // the last field status drawn, as JSON
window.screeningCapture = state;
byId('who').textContent = subjectOf(token) ?? '—';

const visitId = new URLSearchParams(location.search).get('visit');
byId('visit-title').textContent = visitId ? `Visit ${visitId}` : 'No visit given (?visit=ID)';
byId('send-form').addEventListener('submit', send);
if (visitId) poll();

async function poll() {
  try {
    const captures = await api.get(`/api/screening/visits/${encodeURIComponent(visitId)}/fields`);
    const json = JSON.stringify(captures);
    if (json !== shown) {
      shown = json;
      render(captures);
    }
    state.polls++;
    byId('updated').textContent = `· updated ${timeOfDay(new Date())}`;
  } catch (error) {
    state.refusals.push(error.code ?? String(error));
    showRefusal(banner, error);
  }
  // Once sent the photographs no longer change: nothing more to watch.
  if (!state.sent) setTimeout(poll, POLL_MS);
}

function render(captures) {
  state.redraws++;
  state.fields = captures.fields;
  state.sent = captures.sent;
  for (const eye of ['OD', 'OS']) {
    const container = document.querySelector(`.eye[data-eye="${eye}"] .fields`);
    container.replaceChildren(...captures.fields.filter(f => f.eye === eye).map(fieldCard));
  }
  if (captures.sent) showSent(captures.sent);
}

function fieldCard(f) {
  const current = f.current;
  return el('div', { class: 'field', dataset: { eye: f.eye, field: f.field, state: f.state } },
    el('h3', {}, FIELD_TEXT[f.field] ?? f.field),
    current ? thumbnailOf(f, current) : null,
    el('div', { class: 'state' }, STATE_TEXT[f.state] ?? f.state),
    f.state === 'Ungradable' ? el('ul', { class: 'reasons' }, ...current.reasons.map(r => el('li', {}, r))) : null,
    f.retake ? el('div', { class: 'retake' }, f.state === 'Missing' ? `Take the ${f.name} photograph` : `Retake the ${f.name} photograph now`) : null,
    current ? el('div', { class: 'meta' }, `capture ${current.captureId} · taken ${timeOfDay(current.capturedAt)}`) : null,
    f.retakeAfter.length ? el('div', { class: 'meta retaken' }, `retaken after: ${f.retakeAfter.join('; ')}`) : null);
}

/** The current capture's thumbnail (this capture's, never an earlier one's: the image id is the capture's). */
function thumbnailOf(f, capture) {
  const img = el('img', { class: 'thumb', alt: `${f.name}: capture ${capture.captureId}`, dataset: { image: String(capture.imageId) } });
  if (!thumbs.has(capture.imageId)) thumbs.set(capture.imageId, fetchThumbnail(capture.imageId));
  thumbs.get(capture.imageId).then(url => { img.src = url; },
    error => img.replaceWith(el('div', { class: 'meta thumb-missing' }, `thumbnail not available (${error.message})`)));
  return img;
}

async function fetchThumbnail(imageId) {
  const response = await fetch(`/api/screening/visits/${encodeURIComponent(visitId)}/captures/${encodeURIComponent(imageId)}/thumbnail`,
    { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  state.thumbnails++;
  return URL.createObjectURL(await response.blob());
}

async function send(e) {
  e.preventDefault();
  clear(banner);
  const reason = byId('incomplete-reason').value.trim();
  try {
    const sent = await api.post(`/api/screening/visits/${encodeURIComponent(visitId)}/send`, reason ? { incompleteReason: reason } : {});
    state.sent = sent;
    showSent(sent);
  } catch (error) {
    state.refusals.push(error.code ?? String(error));
    showRefusal(banner, error);
  }
}

function showSent(sent) {
  byId('send').disabled = true;
  showDone(byId('done'), sent.complete ? `Sent to grading at ${timeOfDay(sent.sentAt)}: complete.`
    : `Sent to grading at ${timeOfDay(sent.sentAt)}, incomplete (${sent.incompleteFields.join('; ')}). Reason: ${sent.incompleteReason}`);
}
