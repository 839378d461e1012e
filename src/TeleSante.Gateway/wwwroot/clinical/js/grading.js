// The grader's page (issue 13): without ?visit, the visits waiting for this grader; with ?visit=ID, the visit's
// photographs (both eyes side by side, each field zoomable to full resolution, red-free and contrast views) and the
// features form. The gateway derives the grade from the features; the page shows what it derived, or the refusal.
import { ClinicalApi, takeToken, subjectOf } from './api.js';
import { el, byId, showRefusal, clear } from './dom.js';
import { FundusView } from './fundus-view.js';

const FIELDS = [['MaculaCentred', 'Macula-centred'], ['DiscCentred', 'Disc-centred']];
const CHECKS = [
  ['ungradable', 'Ungradable'], ['microaneurysms', 'Microaneurysms'], ['exudates', 'Exudates'], ['cottonWoolSpots', 'Cotton-wool spots'],
  ['venousBeadingOrReduplication', 'Venous beading or reduplication'], ['irma', 'IRMA'], ['haemorrhagesInAllFourQuadrants', 'Haemorrhages in 4 quadrants (>20 each)'],
  ['newVesselsOnDisc', 'New vessels on the disc'], ['newVesselsElsewhere', 'New vessels elsewhere'],
  ['preretinalOrVitreousHaemorrhage', 'Pre-retinal or vitreous haemorrhage'], ['tractionalDetachment', 'Pre-retinal fibrosis / tractional detachment'],
  ['exudateWithinOneDiscDiameterOfFovea', 'Exudate within 1 DD of the fovea'], ['groupOfExudatesInMacula', 'Group of exudates in the macula'],
  ['blotHaemorrhagesInMacula', 'Blot haemorrhages in the macula'],
];
const STAGES = {
  AwaitingFirstGrading: 'First grading', AwaitingSecondGrading: 'Second grading', AwaitingArbitration: 'Arbitration', Final: 'Final',
};

const token = takeToken();
const api = new ClinicalApi(token);
const banner = byId('refusal');
const state = { views: [], stats: { refusals: [], submitted: null } };
window.fundusGrading = state;
byId('who').textContent = subjectOf(token) ?? '—';

const visitId = new URLSearchParams(location.search).get('visit');
(visitId ? openVisit(visitId) : showWorklist()).catch(e => { state.stats.refusals.push(e.code ?? String(e)); showRefusal(banner, e); });

async function showWorklist() {
  byId('worklist-view').hidden = false;
  const tasks = await api.get('/api/screening/worklist');
  const body = byId('worklist').tBodies[0];
  body.replaceChildren(...tasks.map(t => el('tr', { dataset: { visit: t.visitId, stage: t.stage } },
    el('td', {}, t.screenedOn), el('td', {}, STAGES[t.stage] ?? t.stage), el('td', {}, t.visitId), el('td', {}, t.siteId), el('td', {}, t.campaignId),
    el('td', { class: 'row-actions' }, el('a', { class: 'seg primary', href: `grading.html?visit=${encodeURIComponent(t.visitId)}` }, 'Grade')))));
  byId('empty').hidden = tasks.length > 0;
  state.ready = true;
}

async function openVisit(id) {
  byId('visit-view').hidden = false;
  buildForm();
  // Opening assigns the visit's photographs to this grader (audited); a refusal says why they may not grade it.
  const visit = await api.post(`/api/screening/visits/${encodeURIComponent(id)}/open`);
  byId('visit-title').textContent = `Visit ${visit.id} · screened ${visit.screenedOn} · ${STAGES[visit.stage] ?? visit.stage}`;
  const list = await api.get(`/api/sessions/${encodeURIComponent(id)}/images`);
  // The gateway says which capture is each field's current one (a retake supersedes an earlier one, which is kept
  // but not graded) and why it was retaken.
  const captures = await api.get(`/api/screening/visits/${encodeURIComponent(id)}/fields`);
  if (visit.sent && !visit.sent.complete) {
    byId('incomplete').hidden = false;
    byId('incomplete').replaceChildren(el('strong', {}, 'Sent incomplete by the operator'),
      el('span', {}, `${visit.sent.incompleteFields.join('; ')} — reason: ${visit.sent.incompleteReason}`));
  }
  for (const eye of ['OD', 'OS']) {
    const fields = document.querySelector(`.eye[data-eye="${eye}"] .fields`);
    for (const [field, label] of FIELDS) {
      const status = captures.fields.find(f => f.eye === eye && f.field === field);
      const image = status?.current ? list.images.find(i => i.id === status.current.imageId) : undefined;
      if (image) await panel(fields, eye, label, image, status);
      else fields.append(el('div', { class: 'fundus', dataset: { eye, field } }, el('div', { class: 'missing' }, `No ${label.toLowerCase()} photograph of this eye`)));
    }
  }
  if (visit.stage === 'Final') showResult(visit);
  state.ready = true;
}

async function panel(container, eye, label, image, status) {
  const response = await fetch(image.href, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw Object.assign(new Error(`photograph ${image.id}: HTTP ${response.status}`), { code: `HTTP ${response.status}` });
  const bitmap = await createImageBitmap(await response.blob());
  const canvas = el('canvas', { 'aria-label': `${eye} ${label}` });
  const box = el('div', { class: 'fundus', dataset: { eye, field: image.field, image: image.id } });
  const toggle = (text, apply) => {
    const button = el('button', { type: 'button', 'aria-pressed': 'false' }, text);
    button.addEventListener('click', () => {
      const on = button.getAttribute('aria-pressed') !== 'true';
      button.setAttribute('aria-pressed', String(on));
      apply(on);
    });
    return button;
  };
  box.append(el('header', {}, el('span', { class: 'name' }, label),
    toggle('Red-free', on => view.setRedFree(on)), toggle('Contrast', on => view.setContrast(on)),
    el('button', { type: 'button', onclick: () => view.actualSize() }, '1:1'), el('button', { type: 'button', onclick: () => view.fit() }, 'Fit')),
  canvas, el('div', { class: 'meta' }, `${image.width}×${image.height} · captured ${new Date(image.capturedAt).toLocaleString()}`,
    status.retakeAfter.length ? el('div', { class: 'retaken' }, `retaken after: ${status.retakeAfter.join('; ')}`) : null,
    status.state === 'Ungradable' ? el('div', { class: 'retaken' }, `quality gate: ungradable (${status.current.reasons.join('; ')})`) : null));
  container.append(box); // in place before the view measures itself
  const view = new FundusView(canvas, bitmap);
  state.views.push({ eye, field: image.field, view });
}

function buildForm() {
  for (const side of ['right', 'left']) {
    const set = document.querySelector(`fieldset[data-eye="${side}"]`);
    set.append(
      ...CHECKS.map(([name, text]) => el('label', { class: 'check' }, el('input', { type: 'checkbox', name: `${side}.${name}` }), text)),
      el('label', { class: 'inline' }, 'Haemorrhages', select(`${side}.haemorrhages`, [['None', 'none'], ['Present', 'present'], ['MultipleBlot', 'multiple blot']])),
      el('label', { class: 'inline' }, 'Venous beading quadrants', el('input', { type: 'number', min: 0, max: 4, value: 0, name: `${side}.venousBeadingQuadrants` })),
      el('label', { class: 'inline' }, 'Laser scars', select(`${side}.laserScars`, [['None', 'none'], ['Peripheral', 'peripheral'], ['MacularOnly', 'macular only']])));
  }
  byId('features').addEventListener('submit', async e => {
    e.preventDefault();
    clear(banner);
    const form = new FormData(byId('features'));
    const eye = side => Object.fromEntries([
      ...CHECKS.map(([name]) => [name, form.get(`${side}.${name}`) === 'on']),
      ['haemorrhages', form.get(`${side}.haemorrhages`)], ['laserScars', form.get(`${side}.laserScars`)],
      ['venousBeadingQuadrants', Number(form.get(`${side}.venousBeadingQuadrants`) || 0)]]);
    try {
      const visit = await api.post(`/api/screening/visits/${encodeURIComponent(visitId)}/gradings`, { right: eye('right'), left: eye('left') });
      state.stats.submitted = visit.stage;
      showResult(visit);
    } catch (error) {
      state.stats.refusals.push(error.code ?? String(error));
      showRefusal(banner, error);
    }
  });
}

function select(name, options) {
  return el('select', { name }, ...options.map(([value, text]) => el('option', { value }, text)));
}

function showResult(visit) {
  byId('visit-title').textContent = `Visit ${visit.id} · screened ${visit.screenedOn} · ${STAGES[visit.stage] ?? visit.stage}`;
  const result = byId('result');
  result.hidden = false;
  result.scrollIntoView({ block: 'nearest' });
  const shown = visit.final ?? visit.arbitration ?? visit.second ?? visit.first;
  const eye = (label, e) => el('div', {}, el('span', { class: 'grade' }, `${label}: ${e.code}`),
    ` · ICDR ${e.icdr} · oedema ${e.oedema}`, el('div', { class: 'muted' }, e.evidence.length ? e.evidence.join(', ') : 'no feature'));
  result.replaceChildren(
    el('div', {}, el('strong', {}, visit.final ? 'Final grade' : `Recorded — now ${STAGES[visit.stage] ?? visit.stage}`)),
    eye('Right', shown.right), eye('Left', shown.left),
    el('div', {}, 'Outcome: ', el('span', { class: `outcome-${shown.outcome}` }, shown.outcome)),
    ...(visit.differences.length ? [el('div', { class: 'muted' }, `Disagreement: ${visit.differences.join('; ')}`)] : []));
  byId('submit').disabled = visit.stage === 'Final' || Boolean(state.stats.submitted);
}
