// Two cardiologists' worklists: ordered by priority then due time; both press Accept on the same request at the
// same moment (their pages' own accept): one wins, the other's page shows the refusal (AlreadyAccepted and the
// gateway's reason), and its reading page for that request shows the refusal alone. Then one declines the other
// request with a reason (it leaves both lists), and the winner's accepted request is flagged overdue once the
// page's clock passes its due time. Usage: node clinical-refusal.cjs <config.json>
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const flags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
  '--disable-component-update', '--disable-sync', '--font-render-hinting=none'];
const result = { console: [], pageErrors: [], pages: [] };

(async () => {
  const browser = await chromium.launch({ executablePath: config.chromium, headless: true, args: flags });
  const base = config.base.replace(/\/$/, '');
  const id = config.requestId;
  try {
    const pages = [];
    for (const [name, token] of Object.entries(config.tokens)) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 800 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      page.on('console', m => result.console.push(`${name} ${m.type()}: ${m.text()}`));
      page.on('pageerror', e => result.pageErrors.push(`${name}: ${e}`));
      await page.goto(`${base}/clinical/worklist.html#access_token=${token}`);
      await page.waitForSelector(`tr[data-request="${id}"]`, { timeout: 20000 });
      await page.waitForSelector(`tr[data-request="${config.otherId}"]`, { timeout: 20000 });
      pages.push({ name, page });
      result.order = await page.evaluate(() => [...document.querySelectorAll('#worklist tbody tr')].map(r => r.dataset.request));
    }
    await Promise.all(pages.map(({ page }) => page.evaluate(requestId => window.clinicalWorklist.accept(requestId), id)));
    for (const { name, page } of pages) {
      // The loser's list drops the request (its own refusal, or the colleague's WorklistChanged).
      await page.waitForFunction(requestId => {
        const row = document.querySelector(`tr[data-request="${requestId}"]`);
        return !row || row.dataset.state === 'Accepted';
      }, id, { timeout: 15000 });
      result.pages.push({
        name,
        refusals: await page.evaluate(() => window.clinicalWorklist.stats.refusals),
        banner: await page.evaluate(() => (document.getElementById('refusal').hidden ? '' : document.getElementById('refusal').textContent)),
        rows: await page.evaluate(() => [...document.querySelectorAll('#worklist tbody tr')].map(r => ({ id: r.dataset.request, state: r.dataset.state }))),
      });
    }
    // Declined with a reason: the request goes back to the requester and leaves both worklists, live.
    const decliner = pages.find((p, i) => result.pages[i].refusals.length === 0).page; // still on its worklist
    await decliner.click(`tr[data-request="${config.otherId}"] button:not(.primary)`);
    await decliner.fill('#decline-reason', config.declineReason);
    await decliner.click('#decline-dialog button[value=decline]');
    for (const { page } of pages) await page.waitForSelector(`tr[data-request="${config.otherId}"]`, { state: 'detached', timeout: 15000 });
    result.declined = true;

    const loser = pages.find((p, i) => result.pages[i].refusals.length > 0);
    if (loser) {
      await loser.page.screenshot({ path: path.join(config.artifacts, 'clinical-refusal.png'), fullPage: true });
      await loser.page.goto(`${base}/clinical/reading.html?request=${encodeURIComponent(id)}`);
      await loser.page.waitForSelector('#refusal:not([hidden])', { timeout: 15000 });
      result.loserReading = await loser.page.evaluate(() => ({
        banner: document.getElementById('refusal').textContent,
        mainVisible: getComputedStyle(document.querySelector('.reading-main')).display !== 'none',
        text: document.body.innerText,
      }));
      await loser.page.screenshot({ path: path.join(config.artifacts, 'clinical-refusal-reading.png'), fullPage: true });
    }

    // Overdue: the winner's page clock moves past the request's due time (timers keep running); the row is flagged.
    const winner = pages.find((p, i) => result.pages[i].refusals.length === 0).page;
    const due = await winner.evaluate(requestId => window.clinicalWorklist.items().find(i => i.id === requestId).dueAt, id);
    result.overdueBefore = await winner.evaluate(requestId => document.querySelector(`tr[data-request="${requestId}"]`).dataset.overdue, id);
    await winner.clock.setFixedTime(new Date(Date.parse(due) + 60_000));
    await winner.waitForSelector(`tr[data-request="${id}"][data-overdue="true"] .flag`, { timeout: 30000 });
    result.overdueText = await winner.textContent(`tr[data-request="${id}"]`);
    await winner.screenshot({ path: path.join(config.artifacts, 'clinical-worklist-overdue.png'), fullPage: true });
  } catch (e) {
    result.failure = e && e.stack ? e.stack : String(e);
  } finally {
    await browser.close();
  }
  fs.writeFileSync(config.resultFile, JSON.stringify(result));
  if (result.failure) {
    console.error(result.failure);
    console.error('page console: ' + result.console.slice(-30).join(' | '));
    process.exit(1);
  }
})().catch(e => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
