// A campaign's dashboard (issue 13): its figures per site (an administrator also sees the whole campaign, "*"), the
// referrals with their deadlines (overdue flagged), and the CSV export. ?campaign=ID.
import { ClinicalApi, takeToken, subjectOf } from './api.js';
import { el, byId, showRefusal } from './dom.js';

const token = takeToken();
const api = new ClinicalApi(token);
const campaign = new URLSearchParams(location.search).get('campaign') ?? '';
const state = { ready: false };
window.screeningDashboard = state;
byId('who').textContent = subjectOf(token) ?? '—';

const percent = v => (v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10} %`);
const hours = v => (v === null || v === undefined ? '—' : v < 48 ? `${v.toFixed(1)} h` : `${(v / 24).toFixed(1)} days`);

(async () => {
  const figures = await api.get(`/api/screening/campaigns/${encodeURIComponent(campaign)}/dashboard`);
  const referrals = await api.get(`/api/screening/campaigns/${encodeURIComponent(campaign)}/referrals`);
  byId('campaign-title').textContent = `Campaign ${campaign}`;
  byId('figures').tBodies[0].replaceChildren(...figures.map(f => el('tr', { dataset: { site: f.siteId } },
    el('td', {}, f.siteId === '*' ? 'All sites' : f.siteId), el('td', {}, f.invited), el('td', {}, f.screened), el('td', {}, f.graded),
    el('td', {}, percent(f.gradableRate)), el('td', {}, percent(f.referableRate)), el('td', {}, f.pendingGrading),
    el('td', {}, hours(f.medianTurnaroundHours)), el('td', { class: f.overdueReferrals > 0 ? 'outcome-UrgentReferral' : '' }, f.overdueReferrals))));
  byId('referrals').tBodies[0].replaceChildren(...referrals.map(r => el('tr', { class: r.overdue ? 'overdue' : '', dataset: { visit: r.visitId } },
    el('td', {}, new Date(r.deadline).toLocaleDateString(), r.overdue ? el('span', { class: 'flag' }, 'OVERDUE') : null),
    el('td', { class: `outcome-${r.outcome}` }, r.outcome), el('td', {}, r.visitId), el('td', {}, r.siteId),
    el('td', {}, r.seenOn ?? '—'), el('td', {}, r.clinicOutcome ?? '—'))));
  byId('no-referrals').hidden = referrals.length > 0;
  const csv = byId('csv');
  csv.hidden = false;
  // The CSV needs the bearer token too: fetched, then offered as a file.
  csv.addEventListener('click', async e => {
    e.preventDefault();
    const response = await fetch(`/api/screening/campaigns/${encodeURIComponent(campaign)}/dashboard.csv`, { headers: { Authorization: `Bearer ${token}` } });
    const link = el('a', { href: URL.createObjectURL(await response.blob()), download: `${campaign}-dashboard.csv` });
    link.click();
  });
  byId('main').hidden = false;
  state.ready = true;
})().catch(e => { state.error = e.code ?? String(e); showRefusal(byId('refusal'), e); });
