// Opens the live viewer in Debian's chromium (playwright-core), waits until the rhythm statements box shows a statement
// of the code the test expects (streamed meanwhile), watches a while longer (a statement of another session must not
// arrive), and prints what the box shows as one JSON line: its heading, each line's code, name, span and evidence, and
// the page's own formatting of the times the test asks about (the box shows local time). Screenshot to artifacts/.
// Usage: node viewer-statements.cjs <config.json>   (NODE_PATH must reach ClientApp/node_modules)
// config: { chromium, artifacts, url, code (statement code to wait for), watchMs }
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const flags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
  '--disable-component-update', '--disable-sync', '--font-render-hinting=none'];

(async () => {
  const result = { console: [], pageErrors: [] };
  const browser = await chromium.launch({ executablePath: config.chromium, headless: true, args: flags });
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on('console', m => result.console.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', e => result.pageErrors.push(String(e)));
    await page.goto(config.url);
    await page.waitForFunction(() => window.teleSanteViewer && window.teleSanteViewer.stats.connection === 'live', null, { timeout: 20000 });
    result.emptyText = await page.evaluate(() => document.getElementById('rhythm-statements').textContent.trim());
    // The confirmed statement: its line no longer says "ongoing".
    await page.waitForFunction(code => [...document.querySelectorAll('#rhythm-statements li')]
      .some(li => li.dataset.code === code && !li.textContent.includes('ongoing')), config.code, { timeout: 90000, polling: 100 });
    await page.waitForTimeout(config.watchMs);
    Object.assign(result, await page.evaluate(() => {
      const box = document.getElementById('rhythm-statements');
      return {
        heading: box.parentElement.querySelector('.tile-label').textContent.replace(/\s+/g, ' ').trim(),
        items: [...box.querySelectorAll('li')].map(li => ({
          code: li.dataset.code ?? null,
          name: li.querySelector('.statement-name')?.textContent ?? null,
          span: li.querySelector('.statement-span')?.textContent ?? null,
          evidence: li.querySelector('.statement-evidence')?.textContent ?? null,
        })),
        statements: window.teleSanteViewer.statements(),
      };
    }));
    // The page's own rendering of each statement's span, to compare with the box (local time, as the page shows it).
    result.expectedSpans = await page.evaluate(list => list.map(s => {
      const t = ms => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
      return `${t(s.fromMs)}–${t(s.toMs)}`;
    }), result.statements);
    await page.screenshot({ path: path.join(config.artifacts, 'viewer-statements.png') });
  } catch (e) {
    result.failure = String(e && e.stack || e);
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(result));
})();
