// Specialist's worklist (/clinical/worklist.html): their specialty's submitted requests plus those they accepted,
// by priority then due time, overdue flagged; live over the clinical hub (SubscribeWorklist, WorklistChanged):
// a new request appears without a reload, one accepted by a colleague (or no longer submitted) leaves.
// Issue 13: a grader's list also holds screening visits to grade (kind FundusGrading, state = the grading stage), which open
// the grading page; such an item stays while the gateway says it is the reader's step (yourStep).
import { ClinicalApi, Refusal, takeToken, subjectOf } from './api.js';
import { el, byId, showRefusal, clear, dateTimeText, timeOfDay, PRIORITY_TEXT } from './dom.js';
import { ClinicalHub, showHubState } from './hub.js';

const PRIORITY_ORDER = { Urgent: 0, SemiUrgent: 1, Routine: 2 };
const OVERDUE_CHECK_MS = 15_000;

const token = takeToken();
const me = subjectOf(token);
const api = new ClinicalApi(token);
const items = new Map(); // kind:id -> worklist item (a visit id may equal a request id)
const FUNDUS = 'FundusGrading';
const STAGE_TEXT = { AwaitingFirstGrading: 'First grading', AwaitingSecondGrading: 'Second grading', AwaitingArbitration: 'Arbitration', Final: 'Graded' };
const stats = { changes: 0, refusals: [] };

byId('who').textContent = me ?? 'not signed in';

/** The contract: a client keeps items still Submitted, or Accepted by itself; the others leave. */
function belongs(item) {
  if (item.kind === FUNDUS) return item.yourStep === true && item.state !== 'Final';
  return item.state === 'Submitted' || (item.state === 'Accepted' && item.acceptedBy === me);
}

function upsert(item) {
  const key = `${item.kind}:${item.id}`;
  if (belongs(item)) items.set(key, item);
  else items.delete(key);
}

function isOverdue(item) {
  return item.overdue || (item.dueAt && Date.parse(item.dueAt) < Date.now());
}

// Requests first (they carry a priority and a due time); screening visits after, oldest sent first.
function sorted() {
  return [...items.values()].sort((a, b) =>
    (a.kind === FUNDUS ? 1 : 0) - (b.kind === FUNDUS ? 1 : 0)
    || (a.kind === FUNDUS && Date.parse(a.submittedAt) - Date.parse(b.submittedAt))
    || (PRIORITY_ORDER[a.priority] ?? 9) - (PRIORITY_ORDER[b.priority] ?? 9)
    || (a.triage ? 0 : 1) - (b.triage ? 0 : 1)
    || Date.parse(a.dueAt) - Date.parse(b.dueAt)
    || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A screening visit to grade: no priority nor due time of its own (shown as such), its grading step, the grading page. */
function fundusRow(item) {
  return el('tr', { class: 'fundus', dataset: { request: item.id, kind: item.kind, state: item.state, overdue: 'false' } },
    el('td', {}, el('span', { class: 'priority' }, 'Screening')),
    el('td', { class: 'muted' }, 'no due time'),
    el('td', {}, STAGE_TEXT[item.state] ?? item.state),
    el('td', {}, item.id),
    el('td', { class: 'question' }, item.question),
    el('td', {}, item.siteId ?? ''),
    el('td', { class: 'row-actions' }, el('a', { class: 'seg primary-link', href: item.open }, 'Grade')));
}

function render() {
  const rows = sorted().map(item => {
    if (item.kind === FUNDUS) return fundusRow(item);
    const overdue = isOverdue(item);
    const mine = item.state === 'Accepted';
    const actions = mine
      ? [el('a', { class: 'seg primary-link', href: `reading.html?request=${encodeURIComponent(item.id)}` }, 'Read and report'),
        el('button', { class: 'seg', onclick: () => askDecline(item.id) }, 'Decline')]
      : [el('button', { class: 'seg primary', onclick: () => accept(item.id) }, 'Accept'),
        el('button', { class: 'seg', onclick: () => askDecline(item.id) }, 'Decline')];
    return el('tr', { class: overdue ? 'overdue' : '', dataset: { request: item.id, state: item.state, overdue: String(!!overdue) } },
      el('td', {}, el('span', { class: `priority priority-${item.priority}` }, PRIORITY_TEXT[item.priority] ?? item.priority),
        // Issue 12: the ECG's suggested-urgent finding beside the requester's priority, never in its place.
        item.triage ? el('div', { class: 'triage-flag', title: `suggested by the ECG analysis (${item.triage.rule})` },
          el('span', { class: 'flag' }, 'ECG: URGENT?'), ` ${item.triage.text} at ${timeOfDay(Date.parse(item.triage.at))}`) : null),
      el('td', {}, dateTimeText(item.dueAt), overdue ? el('span', { class: 'flag' }, 'OVERDUE') : null),
      el('td', {}, mine ? 'Accepted by you' : 'Waiting'),
      el('td', {}, item.id),
      el('td', { class: 'question' }, item.question),
      el('td', {}, item.siteId ?? ''),
      el('td', { class: 'row-actions' }, actions));
  });
  byId('worklist').tBodies[0].replaceChildren(...rows);
  byId('empty').hidden = rows.length > 0;
  byId('count').textContent = `${rows.length} item${rows.length === 1 ? '' : 's'}`;
}

async function accept(id) {
  clear(byId('refusal'));
  try {
    upsert(await api.post(`/api/clinical/requests/${encodeURIComponent(id)}/accept`));
  } catch (e) {
    refused(e);
  }
  render();
}

function askDecline(id) {
  const dialog = byId('decline-dialog');
  byId('decline-id').textContent = id;
  byId('decline-reason').value = '';
  dialog.onclose = async () => {
    if (dialog.returnValue !== 'decline') return;
    clear(byId('refusal'));
    try {
      upsert(await api.post(`/api/clinical/requests/${encodeURIComponent(id)}/decline`, { reason: byId('decline-reason').value }));
    } catch (e) {
      refused(e);
    }
    render();
  };
  dialog.showModal();
}

function refused(e) {
  const refusal = e instanceof Refusal ? e : { code: null, detail: e.message };
  stats.refusals.push({ code: refusal.code, detail: refusal.detail });
  showRefusal(byId('refusal'), refusal);
}

// For people and automated checks: the list as shown, and the page's own accept.
window.clinicalWorklist = { stats, items: () => sorted(), accept };

if (!token) {
  showRefusal(byId('refusal'), { code: 'NotSignedIn', detail: 'open this page with your sign-in (#access_token=…)' });
} else {
  const hub = new ClinicalHub(token, {
    WorklistChanged: item => { stats.changes++; upsert(item); render(); },
    // Sent to the accepting specialist too (a request they hold took a step); the worklist follows WorklistChanged.
    RequestChanged: () => {},
  }, (state, detail) => {
    showHubState(byId('hub-state'), state, detail);
    if (state === 'refused') showRefusal(byId('refusal'), detail);
  });
  hub.start(async connection => {
    // The subscription's answer is the whole current list: what changed while disconnected is caught up here.
    const current = await connection.invoke('SubscribeWorklist');
    items.clear();
    for (const item of current) upsert(item);
    render();
  });
  setInterval(render, OVERDUE_CHECK_MS);
}
