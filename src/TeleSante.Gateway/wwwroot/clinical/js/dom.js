// Small DOM helpers for the clinical pages. Data always goes in as text (textContent), never as HTML.

/** el('td', { class: 'x', title: 't' }, 'text', childNode, …): attributes set one by one, children as text or nodes. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function byId(id) { return document.getElementById(id); }

/** Shows a refusal as a refusal: its code and the gateway's reason, in the given banner element. */
export function showRefusal(banner, error) {
  banner.hidden = false;
  banner.className = 'banner refusal';
  banner.replaceChildren(
    el('strong', {}, error.code ? `Refused — ${error.code}` : 'Failed'),
    el('span', {}, error.detail ?? error.message ?? String(error)));
}

export function showDone(banner, text) {
  banner.hidden = false;
  banner.className = 'banner done';
  banner.replaceChildren(el('span', {}, text));
}

export function clear(banner) {
  banner.hidden = true;
  banner.replaceChildren();
}

/** Date and time as a French clinician reads it (24 h), with seconds. */
export function dateTimeText(value) {
  if (value === null || value === undefined) return '—';
  const d = value instanceof Date ? value : new Date(value);
  return d.toLocaleString('fr-FR', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

export function timeOfDay(value) {
  const d = value instanceof Date ? value : new Date(value);
  return d.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** A birth date as written (YYYY-MM-DD in the API) shown day first, without a time zone shift. */
export function birthDateText(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '—';
}

export const PRIORITY_TEXT = { Urgent: 'Urgent', SemiUrgent: 'Semi-urgent', Routine: 'Routine' };
export const SEX_TEXT = { Female: 'Female', Male: 'Male', Indeterminate: 'Indeterminate' };
export const FOLLOW_UP_TEXT = { None: 'None', Routine: 'Routine (GP)', Soon: 'Soon (cardiology within days)', Immediate: 'Immediate (emergency)' };

const UNIT_TEXT = { 'mm[Hg]': 'mmHg', Cel: '°C', '[degF]': '°F' };

/** A UCUM unit as printed on a chart (mm[Hg] → mmHg). */
export function unitText(ucum) { return UNIT_TEXT[ucum] ?? ucum; }
