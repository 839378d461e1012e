// Drives the live viewer in Debian's chromium with playwright-core (never a downloaded browser) and
// reports what is on screen, for LiveViewerBrowserTests to check against the samples it streamed.
// Usage: node viewer-check.cjs <config.json>   (NODE_PATH must reach ClientApp/node_modules)
// config: { url, chromium, artifacts, resultFile, collectMs }
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const flags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
  '--disable-component-update', '--disable-sync', '--font-render-hinting=none'];

const result = { console: [], pageErrors: [], steps: [] };
let current = null; // the page being checked, for a screenshot if a step fails

(async () => {
  const step = s => { result.steps.push(`${new Date().toISOString()} ${s}`); };
  const browser = await chromium.launch({ executablePath: config.chromium, headless: true, args: flags });
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    current = page;
    page.on('console', m => result.console.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', e => result.pageErrors.push(String(e)));
    step('open');
    await page.goto(config.url);
    await page.waitForFunction(() => window.teleSanteViewer && window.teleSanteViewer.stats.connection === 'live', null, { timeout: 20000 });
    step('live');
    result.joined = await page.evaluate(() => window.teleSanteViewer.stats.joined);
    await page.waitForFunction(() => /^\d+$/.test(document.getElementById('hr-value').textContent), null, { timeout: 20000 });
    step('heart rate shown');
    // Latency is reported over this window, while the page is left alone (no screenshots, no clicks).
    result.observeFromMs = Date.now();
    await page.waitForTimeout(config.collectMs);
    result.observeToMs = Date.now();

    // Freeze while the sweep is well into the page, so most of the rhythm strip shows the current page.
    await page.waitForFunction(() => {
      const l = window.teleSanteViewer.layout();
      if (!l) return false;
      const f = (l.displayMs - l.pageStartMs) / l.pageMs;
      return f > 0.6 && f < 0.92;
    }, null, { timeout: 15000, polling: 20 });
    await page.evaluate(() => window.teleSanteViewer.freeze(true));
    await page.waitForTimeout(200);
    step('frozen');

    result.layout = await page.evaluate(() => window.teleSanteViewer.layout());
    result.rhythm = await page.evaluate(() => {
      // Dark (trace-coloured) pixels of every CSS column of the lead II rhythm strip.
      const l = window.teleSanteViewer.layout();
      const s = l.strips.find(x => x.rhythm);
      const canvas = document.getElementById('ecg');
      const dpr = l.dpr;
      const x0 = Math.floor(s.xPx), x1 = Math.ceil(s.xEndPx);
      const y0 = Math.floor(s.topPx), y1 = Math.ceil(s.bottomPx);
      const data = canvas.getContext('2d', { willReadFrequently: true }).getImageData(Math.round(x0 * dpr), Math.round(y0 * dpr), Math.round((x1 - x0) * dpr), Math.round((y1 - y0) * dpr));
      const columns = [];
      for (let cx = 0; cx < x1 - x0; cx++) {
        const ys = [];
        for (let cy = 0; cy < y1 - y0; cy++) {
          const i = (Math.round(cy * dpr) * data.width + Math.round(cx * dpr)) * 4;
          const [r, g, b] = [data.data[i], data.data[i + 1], data.data[i + 2]];
          if (r < 110 && g < 110 && b < 110) ys.push(y0 + cy);
        }
        columns.push({ x: x0 + cx, ys });
      }
      return { strip: s, columns };
    });
    result.gridSample = await page.evaluate(() => {
      // Colours along one horizontal line of the rhythm strip's top margin (no trace there).
      const l = window.teleSanteViewer.layout();
      const s = l.strips.find(x => x.rhythm);
      const y = Math.round(s.topPx + 2.5 * l.pxPerMm);
      const d = document.getElementById('ecg').getContext('2d').getImageData(0, Math.round(y * l.dpr), Math.round(l.canvasCssWidth * l.dpr), 1).data;
      const px = [];
      for (let x = 0; x < d.length / 4; x++) px.push([d[x * 4], d[x * 4 + 1], d[x * 4 + 2]]);
      return { y, px };
    });
    result.tiles = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.tile')].map(t => [t.id, {
      label: t.querySelector('.tile-label').textContent.trim(),
      value: t.querySelector('.value').textContent.trim(),
      unit: t.querySelector('.tile-unit').textContent.trim(),
      time: t.querySelector('.tile-time').textContent.trim(),
      alarm: t.classList.contains('alarm'),
    }])));
    result.alerts = await page.evaluate(() => [...document.querySelectorAll('#alerts .alert')].map(a => a.textContent.trim()));
    result.heartRate = await page.evaluate(() => window.teleSanteViewer.heartRate());
    result.status = await page.evaluate(() => ({
      connection: document.getElementById('connection').textContent,
      freshness: document.getElementById('freshness').textContent,
      latency: document.getElementById('latency').textContent,
      footer: document.getElementById('ecg-footer').textContent,
    }));
    result.stats = await page.evaluate(() => window.teleSanteViewer.stats);
    await page.screenshot({ path: path.join(config.artifacts, 'viewer-12-lead.png') });
    step('12-lead screenshot');

    // Single-lead layout, live again.
    await page.evaluate(() => window.teleSanteViewer.freeze(false));
    await page.click('button[data-layout="1"]');
    await page.waitForTimeout(1500);
    result.singleLayout = await page.evaluate(() => window.teleSanteViewer.layout());
    await page.screenshot({ path: path.join(config.artifacts, 'viewer-single-lead.png') });
    step('single-lead screenshot');

    // Paper speed and gain controls.
    await page.click('button[data-speed="50"]');
    await page.click('button[data-gain="20"]');
    await page.waitForTimeout(300);
    result.fastLayout = await page.evaluate(() => window.teleSanteViewer.layout());
    await page.click('button[data-speed="12.5"]');
    await page.click('button[data-gain="5"]');
    await page.waitForTimeout(300);
    result.slowLayout = await page.evaluate(() => window.teleSanteViewer.layout());
    step('speed and gain');

    if (config.reviewUrl) {
      // Review mode: the stored recording of the same session, through the same rendering.
      const review = await context.newPage();
      current = review;
      review.on('console', m => result.console.push(`review ${m.type()}: ${m.text()}`));
      review.on('pageerror', e => result.pageErrors.push(String(e)));
      await review.goto(config.reviewUrl);
      await review.waitForFunction(() => window.teleSanteViewer && window.teleSanteViewer.stats.replayComplete, null, { timeout: 20000 });
      await review.waitForTimeout(300);
      result.review = await review.evaluate(() => ({ stats: window.teleSanteViewer.stats, layout: window.teleSanteViewer.layout() }));
      await review.screenshot({ path: path.join(config.artifacts, 'viewer-review.png') });
      step('review screenshot');
    }

    // A screen calibration stored by the user (localStorage, shared by the pages of this origin) is
    // applied after a reload.
    current = page;
    await page.evaluate(() => localStorage.setItem('telesante.viewer.calibration', '1.25'));
    await page.reload();
    await page.waitForFunction(() => window.teleSanteViewer && window.teleSanteViewer.layout(), null, { timeout: 10000 });
    result.calibratedLayout = await page.evaluate(() => window.teleSanteViewer.layout());
    step('calibration');
    await context.close();
  } catch (e) {
    // Keep the evidence: what the page showed and said when the step failed.
    result.failure = e && e.stack ? e.stack : String(e);
    if (current) {
      try {
        result.failureStats = await current.evaluate(() => window.teleSanteViewer && window.teleSanteViewer.stats);
        await current.screenshot({ path: path.join(config.artifacts, 'viewer-failure.png') });
      } catch { /* the page is gone */ }
    }
  } finally {
    await browser.close();
  }
  fs.writeFileSync(config.resultFile, JSON.stringify(result));
  if (result.failure) {
    console.error(result.failure);
    console.error('steps: ' + result.steps.join(' | '));
    console.error('page console: ' + result.console.slice(-20).join(' | '));
    console.error('stats: ' + JSON.stringify(result.failureStats));
    process.exit(1);
  }
})().catch(e => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
