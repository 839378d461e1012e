// Opens the live viewer in Debian's chromium (playwright-core), waits until the rhythm statements box shows a statement
// of the code the test expects (streamed meanwhile), watches a while longer (a statement of another session must not
// arrive), and prints what the box shows as one JSON line: its heading, each line's code, name, span and evidence, and
// the page's own formatting of the times the test asks about (the box shows local time). Screenshot to artifacts/.
// Usage: node viewer-statements.cjs <config.json>   (NODE_PATH must reach ClientApp/node_modules)
// config: { chromium, artifacts, url, code (statement code to wait for), watchMs, screenshot (file name, default viewer-statements.png) }
'use strict';
const path = require('path');
const { runViewer, openLive } = require('./viewer-page.cjs');

runViewer(async ({ config, page, result }) => {
  await openLive(page, config.url);
  result.emptyText = await page.evaluate(() => document.getElementById('rhythm-statements').textContent.trim());
  // The statement once final (confirmed or withdrawn): its line no longer says "ongoing".
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
  await page.screenshot({ path: path.join(config.artifacts, config.screenshot ?? 'viewer-statements.png') });
});
