// ECG proposals of a request (issue 12): the measurements panel, the report form pre-filled with them, and the
// review of a signed report (what was accepted, changed, added or removed). Each value is shown with its unit, its
// method (QTc: Bazett or Fridericia) and the time span it was measured on; a value not measured says why.
import { el, timeOfDay } from './dom.js';

const UNIT = { '/min': '/min', ms: 'ms', deg: '°' };
const DECISION_TEXT = { Accepted: 'accepted', Changed: 'changed', Added: 'added', Removed: 'removed' };
// Report form field ← proposal key. The form's QTc is Bazett's (labelled so); Fridericia's stays in the panel.
export const FORM_FIELDS = { rateBpm: 'rate', prMs: 'pr', qrsMs: 'qrs', qtMs: 'qt', qtcMs: 'qtcBazett', axisDegrees: 'qrsAxis' };

const span = (from, to) => `${timeOfDay(Date.parse(from))}–${timeOfDay(Date.parse(to))}`;
const number = v => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** The measurements panel: values, rhythm statements with their evidence, suggested-urgent findings. */
export function proposalsPanel(p) {
  if (!p) return el('p', { class: 'muted' }, 'No proposals for this request.');
  if (p.status !== 'Computed') return el('p', { class: 'muted', id: 'proposals-missing' }, `No measurements proposed: ${p.notComputedReason}`);
  const rows = p.values.map(v => el('tr', { dataset: { key: v.key, measured: String(v.value !== null) } },
    el('td', {}, v.display),
    v.value === null
      ? el('td', { class: 'missing' }, `not measurable: ${v.notMeasurable}`)
      : el('td', { class: 'value' }, `${number(v.value)} ${UNIT[v.unit] ?? v.unit}`),
    el('td', { class: 'muted' }, span(v.from, v.to))));
  return el('div', { class: 'proposals' },
    el('p', { class: 'muted' }, `Machine proposals from ${p.deviceId}, ${span(p.windowFrom, p.windowTo)}: ${p.windowChoice}.`),
    p.triage.length ? el('ul', { class: 'triage' }, ...p.triage.map(t => el('li', {}, el('span', { class: 'flag' }, 'URGENT?'), ` ${t.text} at ${timeOfDay(Date.parse(t.at))}`))) : null,
    el('table', { class: 'list', id: 'proposal-values' }, el('thead', {}, el('tr', {}, el('th', {}, 'Measurement'), el('th', {}, 'Proposed'), el('th', {}, 'Measured over'))),
      el('tbody', {}, ...rows)),
    el('ul', { class: 'statements', id: 'proposal-statements' }, ...p.statements.map(s => el('li', {},
      el('strong', {}, s.text), ` ${span(s.from, s.to)}`, el('div', { class: 'muted' }, s.evidence)))));
}

/** Fills the empty report form with the proposals (rounded as shown) and lists the proposed statements as ticked boxes. */
export function prefill(form, p, statementsBox) {
  if (!p || p.status !== 'Computed') return;
  for (const [field, key] of Object.entries(FORM_FIELDS)) {
    const v = p.values.find(x => x.key === key);
    const input = form.elements[field];
    if (!input || !v) continue;
    input.value = v.value === null ? '' : String(Math.round(v.value));
    input.dataset.proposed = v.value === null ? '' : String(Math.round(v.value));
    input.title = v.value === null ? `not measurable: ${v.notMeasurable}` : `proposed ${Math.round(v.value)} ${UNIT[v.unit] ?? v.unit} (${span(v.from, v.to)})`;
  }
  const texts = [...new Set(p.statements.map(s => s.text))];
  if (texts.length && !form.elements.rhythm.value) form.elements.rhythm.value = texts.join('; ');
  statementsBox.replaceChildren(...texts.map(t => el('label', { class: 'statement' }, el('input', { type: 'checkbox', name: 'statement', value: t, checked: true }), ` ${t}`)));
}

/** The statements to sign: the ticked proposals and the added ones (one per line). */
export function statementsOf(form) {
  const ticked = [...form.querySelectorAll('input[name=statement]:checked')].map(i => i.value);
  const added = (form.elements.addedStatements?.value ?? '').split('\n').map(s => s.trim()).filter(Boolean);
  return [...ticked, ...added];
}

/** A signed version's review against the proposals; null when none were proposed. */
export function reviewNode(review) {
  if (!review) return null;
  const by = d => review.values.filter(v => v.decision === d).map(v => v.key);
  const summary = ['Accepted', 'Changed', 'Added', 'Removed'].filter(d => by(d).length).map(d => `${DECISION_TEXT[d]}: ${by(d).join(', ')}`).join(' · ');
  return el('div', { class: 'review' },
    el('h3', {}, 'Machine proposals and the signed values'),
    // One line for paper (print.css keeps the report and its strip on one A4 page); the table on screen.
    el('p', { class: 'review-summary' }, `Machine proposals — ${summary || 'none reviewed'}`),
    el('table', { class: 'list review-values' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Value'), el('th', {}, 'Proposed'), el('th', {}, 'Signed'), el('th', {}, ''))),
      el('tbody', {}, ...review.values.map(v => el('tr', { dataset: { key: v.key, decision: v.decision } },
        el('td', {}, v.key),
        el('td', {}, v.proposed === null ? 'not measurable' : `${number(v.proposed)} ${UNIT[v.unit] ?? v.unit}`),
        el('td', {}, v.final === null ? '—' : `${v.final} ${UNIT[v.unit] ?? v.unit}`),
        el('td', { class: `decision decision-${v.decision}` }, DECISION_TEXT[v.decision] ?? v.decision))))),
    review.statements.length
      ? el('ul', { class: 'review-statements' }, ...review.statements.map(s => el('li', { dataset: { decision: s.decision } }, `${s.text}: ${DECISION_TEXT[s.decision] ?? s.decision}`)))
      : null);
}
