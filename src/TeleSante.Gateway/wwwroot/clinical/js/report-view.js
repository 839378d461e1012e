// A signed report, read-only: findings, signer (name, RPPS) and signing time; earlier versions listed with the
// reason of each correction. Used by the reading page and the requester's view.
import { el, dateTimeText, FOLLOW_UP_TEXT } from './dom.js';
import { reviewNode } from './ecg-proposals.js';

export function reportNode(report, earlier = []) {
  const f = report.findings ?? {};
  const measure = (label, value, unit) => [el('dt', {}, label), el('dd', {}, value === null || value === undefined ? '—' : `${value} ${unit}`)];
  return el('article', { class: 'signed-report', dataset: { version: String(report.version) } },
    el('dl', { class: 'findings' },
      el('dt', {}, 'Rhythm'), el('dd', {}, f.rhythm ?? '—'),
      measure('Rate', f.rateBpm, '/min'), measure('PR', f.prMs, 'ms'), measure('QRS', f.qrsMs, 'ms'),
      measure('QT', f.qtMs, 'ms'), measure('QTc (Bazett)', f.qtcMs, 'ms'), measure('Axis', f.axisDegrees, '°'),
      el('dt', {}, 'Conclusion'), el('dd', { class: 'conclusion' }, f.conclusion ?? '—'),
      el('dt', {}, 'Follow-up'), el('dd', {}, FOLLOW_UP_TEXT[report.followUp] ?? report.followUp ?? '—'),
      f.freeText ? [el('dt', {}, 'Comment'), el('dd', { class: 'free-text' }, f.freeText)] : null),
    el('p', { class: 'signature' },
      el('span', {}, 'Signed by '), el('strong', { class: 'signer' }, report.signerName ?? report.signedBy),
      el('span', {}, ' · RPPS '), el('strong', { class: 'rpps' }, report.signerRpps),
      el('span', {}, ' · '), el('time', { datetime: report.signedAt }, dateTimeText(report.signedAt)),
      report.version > 1 ? el('span', { class: 'correction' }, ` · version ${report.version}, corrected: ${report.correctionReason ?? ''}`) : null),
    reviewNode(report.review),
    earlier.length
      ? el('details', { class: 'versions' }, el('summary', {}, `${earlier.length} earlier version${earlier.length > 1 ? 's' : ''}`),
        ...earlier.map(r => el('p', {}, `Version ${r.version}, signed ${dateTimeText(r.signedAt)} by ${r.signerName ?? r.signedBy}: ${r.findings?.conclusion ?? ''}`)))
      : null);
}

/** The newest version and the earlier ones (newest first). */
export function versions(reports) {
  const all = [...(reports ?? [])].sort((a, b) => b.version - a.version);
  return { latest: all[0] ?? null, earlier: all.slice(1) };
}
