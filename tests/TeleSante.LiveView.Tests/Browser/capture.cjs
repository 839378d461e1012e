// The operator's capture page in chromium, while the simulated camera uploads (issue 13): the page opens on an empty
// visit (four fields missing); the camera sends an out-of-focus right macula-centred photograph and the page shows it
// ungradable with the gate's reason and a retake prompt; sending to grading now is refused with the fields named; the
// camera retakes with a good photograph and the page shows the field gradable, "retaken after: <reason>".
// Each field shows its current capture's thumbnail, fetched once per capture however many polls follow.
// The camera's uploads are PUTs from here (the device's own connection, not the page's). Usage: node capture.cjs <config.json>
'use strict';
const path = require('path');
const fs = require('fs');
const { chromium } = require('playwright-core');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const flags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
  '--disable-component-update', '--disable-sync', '--font-render-hinting=none'];
const result = { console: [], pageErrors: [], uploads: [] };
const base = config.base.replace(/\/$/, '');

async function upload(capture) {
  const at = new Date(Date.now() - 2000).toISOString();
  const url = `${base}/api/devices/${config.camera}/images/${capture.id}?session=${config.visit}&site=${config.site}&laterality=${capture.eye}&field=${capture.field}&capturedAt=${encodeURIComponent(at)}`;
  const response = await fetch(url, { method: 'PUT', headers: { 'Content-Type': 'image/jpeg', 'x-telesante-device': config.camera }, body: fs.readFileSync(capture.file) });
  const body = await response.json();
  result.uploads.push({ status: response.status, imageId: body.imageId, verdict: body.quality?.verdict, state: body.screening?.field?.state });
  return body.imageId;
}

/** Waits until the card's thumbnail is the given capture's and has loaded; returns its drawn size. */
async function thumbnailOf(page, eye, field, imageId) {
  const selector = `${card(eye, field)} img.thumb[data-image="${imageId}"]`;
  await page.waitForFunction(s => { const i = document.querySelector(s); return i && i.complete && i.naturalWidth > 0; }, selector, { timeout: 20000 });
  return page.evaluate(s => { const i = document.querySelector(s); return { imageId: Number(i.dataset.image), width: i.naturalWidth, height: i.naturalHeight }; }, selector);
}

const card = (eye, field) => `.eye[data-eye="${eye}"] .field[data-field="${field}"]`;
const cards = page => page.evaluate(() => [...document.querySelectorAll('.field')].map(f => ({
  eye: f.dataset.eye, field: f.dataset.field, state: f.dataset.state, text: f.textContent,
})));

(async () => {
  const browser = await chromium.launch({ executablePath: config.chromium, headless: true, args: flags });
  try {
    const context = await browser.newContext({ viewport: { width: 1300, height: 800 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on('console', m => result.console.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', e => result.pageErrors.push(String(e)));

    await page.goto(`${base}/clinical/capture.html?visit=${config.visit}#access_token=${config.operatorToken}`);
    await page.waitForFunction(() => document.querySelectorAll('.field').length === 4, null, { timeout: 20000 });
    result.initial = await cards(page);

    const defective = await upload(config.defective);
    await page.waitForSelector(`${card('OD', 'MaculaCentred')}[data-state="Ungradable"]`, { timeout: 20000 });
    result.afterDefect = await cards(page);
    result.defectThumbnail = await thumbnailOf(page, 'OD', 'MaculaCentred', defective);
    await page.screenshot({ path: path.join(config.artifacts, 'capture-retake-prompt.png') });

    await page.click('#send');
    await page.waitForSelector('#refusal:not([hidden])', { timeout: 15000 });
    result.refusal = await page.textContent('#refusal');
    await page.screenshot({ path: path.join(config.artifacts, 'capture-send-refused.png') });

    const retake = await upload(config.retake);
    await page.waitForSelector(`${card('OD', 'MaculaCentred')}[data-state="Gradable"]`, { timeout: 20000 });
    result.afterRetake = await cards(page);
    result.retakeThumbnail = await thumbnailOf(page, 'OD', 'MaculaCentred', retake);
    // Three more polls with nothing new: no thumbnail fetched again, nothing redrawn.
    const before = await page.evaluate(() => ({ ...window.screeningCapture }));
    await page.waitForFunction(p => window.screeningCapture.polls >= p + 3, before.polls, { timeout: 20000 });
    const after = await page.evaluate(() => ({ ...window.screeningCapture }));
    result.polling = { thumbnails: after.thumbnails, redrawsDuringIdlePolls: after.redraws - before.redraws };
    await page.screenshot({ path: path.join(config.artifacts, 'capture-retaken.png') });
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
})().catch(e => { console.error(e); process.exit(1); });
