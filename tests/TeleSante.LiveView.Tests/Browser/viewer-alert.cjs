// Opens the live viewer in Debian's chromium (playwright-core), waits for the gateway's alert banner of a vital the
// test streams meanwhile, clicks its Acknowledge button, waits for the acknowledged state, and prints what the
// banner showed before and after as one JSON line. Screenshots to artifacts/.
// Usage: node viewer-alert.cjs <config.json>   (NODE_PATH must reach ClientApp/node_modules)
// config: { chromium, artifacts, url, bannerText (text the banner must contain) }
'use strict';
const path = require('path');
const { runViewer, openLive } = require('./viewer-page.cjs');

runViewer(async ({ config, page, result }) => {
  await openLive(page, config.url);
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
});
