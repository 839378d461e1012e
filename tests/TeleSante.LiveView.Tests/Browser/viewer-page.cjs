// What the viewer's browser scripts share (viewer-alert, viewer-calipers, viewer-statements): the config file named on
// the command line, Debian's chromium launched headless with the flags that work here (no sandbox, no GPU, no
// background traffic), one 1600x1000 page at scale 1 whose console messages and page errors go into the result, and the
// result printed as one JSON line at the end, a failure included (the browser is closed whatever happens).
// Usage, in a script: runViewer(async ({ config, page, result }) => { ... }, { measurements: [] });
'use strict';
const fs = require('fs');
const { chromium } = require('playwright-core');

const flags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
  '--disable-component-update', '--disable-sync', '--font-render-hinting=none'];

/** Runs `steps` on a fresh page (not yet navigated) and prints the result; `fields` start the result. */
async function runViewer(steps, fields = {}) {
  const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const result = { console: [], pageErrors: [], ...fields };
  const browser = await chromium.launch({ executablePath: config.chromium, headless: true, args: flags });
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on('console', m => result.console.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', e => result.pageErrors.push(String(e)));
    await steps({ config, page, result });
  } catch (e) {
    result.failure = String(e && e.stack || e);
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(result));
}

/** Opens the viewer at config.url and waits until its hub connection is live. */
async function openLive(page, url, timeout = 20000) {
  await page.goto(url);
  await page.waitForFunction(() => window.teleSanteViewer && window.teleSanteViewer.stats.connection === 'live', null, { timeout });
}

module.exports = { runViewer, openLive };
