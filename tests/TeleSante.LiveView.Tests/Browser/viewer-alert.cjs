// Opens the live viewer in Debian's chromium (playwright-core), waits for the gateway's alert banner of a vital the
// test streams meanwhile, clicks its Acknowledge button, waits for the acknowledged state, and prints what the
// banner showed before and after as one JSON line. Screenshots to artifacts/.
// Usage: node viewer-alert.cjs <config.json>   (NODE_PATH must reach ClientApp/node_modules)
// config: { chromium, artifacts, url, bannerText (text the banner must contain) }
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
    console.log(JSON.stringify({ joined: true }));
    const banner = '#alerts .vital-alert';
    await page.waitForFunction(t => [...document.querySelectorAll('#alerts .vital-alert')].some(a => a.textContent.includes(t)), config.bannerText, { timeout: 20000, polling: 50 });
    const read = () => page.evaluate(() => ({
      banners: [...document.querySelectorAll('#alerts .vital-alert')].map(a => ({
        text: a.textContent.trim(), id: a.dataset.alertId, button: !!a.querySelector('button[data-ack]'), acknowledged: a.classList.contains('acknowledged'),
      })),
      spo2TileAlarm: document.getElementById('tile-spo2').classList.contains('alarm'),
      alerts: window.teleSanteViewer.alerts(),
    }));
    result.before = await read();
    await page.screenshot({ path: path.join(config.artifacts, 'viewer-alert-before.png') });
    await page.click(`${banner} button[data-ack]`);
    await page.waitForSelector(`${banner}.acknowledged`, { timeout: 10000 });
    result.after = await read();
    await page.screenshot({ path: path.join(config.artifacts, 'viewer-alert-acknowledged.png') });
  } catch (e) {
    result.failure = String(e && e.stack || e);
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(result));
})();
