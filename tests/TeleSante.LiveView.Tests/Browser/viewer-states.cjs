// Opens viewer pages in Debian's chromium (playwright-core) and reports what each shows once a condition
// holds: the connection pill, the refusal, which parts of the page are visible, the tiles, and how many
// times the page asked the hub to negotiate (a refused page must not retry). Screenshots to artifacts/.
// Usage: node viewer-states.cjs <config.json>   (NODE_PATH must reach ClientApp/node_modules)
// config: { chromium, artifacts, resultFile, pages: [{ name, url, waitFor (JS expression), thenWatchMs,
//           click (CSS selector, optional), thenWaitFor (JS expression after the click, or after waitFor
//           when there is no click), thenWatchAfterMs }] }
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const flags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
  '--disable-component-update', '--disable-sync', '--font-render-hinting=none'];

(async () => {
  const result = { pages: {} };
  const browser = await chromium.launch({ executablePath: config.chromium, headless: true, args: flags });
  try {
    for (const p of config.pages) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const entry = { console: [], pageErrors: [], negotiations: 0 };
      result.pages[p.name] = entry;
      page.on('console', m => entry.console.push(`${m.type()}: ${m.text()}`));
      page.on('pageerror', e => entry.pageErrors.push(String(e)));
      page.on('request', r => { if (r.url().includes('/hubs/live/negotiate')) entry.negotiations++; });
      try {
        await page.goto(p.url);
        await page.waitForFunction(p.waitFor, null, { timeout: 20000 });
        entry.negotiationsWhenShown = entry.negotiations;
        // Watching for what must NOT happen (a retry) can only be done over time: longer than the page's retry delay.
        if (p.thenWatchMs) await page.waitForTimeout(p.thenWatchMs);
        if (p.click) {
          entry.beforeClick = await page.evaluate(() => {
            const note = document.getElementById('page-note');
            return { layout: window.teleSanteViewer.layout(), pageNote: note.hidden ? null : { text: note.textContent, leftPx: note.offsetLeft } };
          });
          await page.screenshot({ path: path.join(config.artifacts, `viewer-${p.name}-before.png`) });
          await page.click(p.click);
          await page.waitForFunction(p.thenWaitFor, null, { timeout: 20000, polling: 50 });
          await page.evaluate(() => window.teleSanteViewer.freeze(true));
        } else if (p.thenWaitFor) {
          // Something the test does meanwhile (e.g. an administrator removing the assignment).
          entry.beforeClick = await page.evaluate(() => ({ connection: window.teleSanteViewer.stats.connection }));
          await page.waitForFunction(p.thenWaitFor, null, { timeout: 30000, polling: 50 });
          entry.negotiationsWhenShown = entry.negotiations;
          await page.waitForTimeout(p.thenWatchAfterMs || 0);
        }
        Object.assign(entry, await page.evaluate(() => {
          const visible = sel => { const el = document.querySelector(sel); return !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'; };
          return {
            connection: document.getElementById('connection').textContent,
            fatal: document.getElementById('fatal').hidden ? null : document.getElementById('fatal').textContent,
            ecgVisible: visible('#ecg'), tilesVisible: visible('.vitals'), controlsVisible: visible('.controls'),
            stats: window.teleSanteViewer && window.teleSanteViewer.stats,
            layout: window.teleSanteViewer && window.teleSanteViewer.layout(),
            pageNote: visible('#page-note') ? { text: document.getElementById('page-note').textContent, leftPx: document.getElementById('page-note').offsetLeft } : null,
            boxWidthPx: document.getElementById('ecg-box').clientWidth,
            tiles: Object.fromEntries([...document.querySelectorAll('.tile')].map(t => [t.id, {
              value: t.querySelector('.value').textContent.trim(),
              time: t.querySelector('.tile-time').textContent.trim(),
              alarm: t.classList.contains('alarm'),
            }])),
          };
        }));
      } catch (e) {
        entry.failure = String(e && e.stack ? e.stack : e);
      }
      await page.screenshot({ path: path.join(config.artifacts, `viewer-${p.name}.png`) });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  fs.writeFileSync(config.resultFile, JSON.stringify(result));
})().catch(e => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
