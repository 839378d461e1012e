// Measures a synthetic ECG with the viewer's calipers in Debian's chromium (playwright-core), as a person would:
// for each paper speed and gain, finds the R peaks where they are DRAWN (dark trace pixels of the canvas, not the
// page's own numbers), drags a time caliper from one R peak to the next and an amplitude caliper from the
// baseline to the top of an R wave, and reports what the caliper shows. One JSON line.
// Usage: node viewer-calipers.cjs <config.json>   (NODE_PATH must reach ClientApp/node_modules)
// config: { chromium, artifacts, url, settings: [{ speed, gain }] }
'use strict';
const path = require('path');
const { runViewer } = require('./viewer-page.cjs');

// Runs in the page: the R peaks of the first strip that has at least three, from the canvas pixels.
function findPeaks() {
  const layout = window.teleSanteViewer.layout();
  const canvas = document.getElementById('ecg');
  const image = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  const dark = (x, y) => { const i = (y * image.width + x) * 4; return image.data[i] < 90 && image.data[i + 1] < 90 && image.data[i + 2] < 90; };
  for (const strip of layout.strips) {
    if (strip.drawnFromMs === null) continue;
    // Skip the lead label at the start of the strip.
    const x0 = Math.ceil(strip.xPx + 12 * layout.pxPerMm), x1 = Math.floor(strip.xEndPx) - 2;
    const tops = [];
    for (let x = x0; x <= x1; x++) {
      let top = null;
      for (let y = Math.ceil(strip.topPx) + 1; y < Math.floor(strip.bottomPx) - 1; y++) if (dark(x, y)) { top = y; break; }
      tops.push({ x, top });
    }
    const drawn = tops.filter(t => t.top !== null);
    if (drawn.length < 50) continue;
    // The flat line between beats: the most frequent top.
    const counts = new Map();
    for (const t of drawn) counts.set(t.top, (counts.get(t.top) ?? 0) + 1);
    const baselineTop = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    // Columns well above the flat line belong to an R wave; each run of them is one beat.
    const runs = [];
    let run = null;
    for (const t of tops) {
      const high = t.top !== null && baselineTop - t.top > 8;
      if (high) { if (!run) runs.push(run = []); run.push(t); } else run = null;
    }
    const peaks = runs.filter(r => r[0].x > x0 && r[r.length - 1].x < x1).map(r => {
      const best = Math.min(...r.map(t => t.top));
      const apex = r.filter(t => t.top === best);
      return { x: (apex[0].x + apex[apex.length - 1].x) / 2, top: best };
    });
    if (peaks.length >= 3) {
      const rect = canvas.getBoundingClientRect();
      return { strip: { label: strip.label, row: strip.row }, peaks, baselineTop, left: rect.left, top: rect.top, pxPerMm: layout.pxPerMm, speed: layout.speedMmPerS, gain: layout.gainMmPerMv };
    }
  }
  return null;
}

async function drag(page, from, to) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 3 });
  await page.mouse.up();
}

runViewer(async ({ config, page, result }) => {
  await page.goto(config.url);
  // One lead: the single-lead layout; wait until its bottom row holds signal, then freeze the screen.
  await page.waitForFunction(() => {
    const v = window.teleSanteViewer;
    const l = v && v.layout();
    return v.stats.connection === 'live' && l && l.layout === '1' && l.strips.some(s => s.drawnFromMs !== null && s.drawnToMs - s.drawnFromMs > 3000);
  }, null, { timeout: 30000, polling: 100 });
  await page.evaluate(() => window.teleSanteViewer.freeze(true));
  for (const { speed, gain } of config.settings) {
    await page.click(`button[data-speed="${speed}"]`);
    await page.click(`button[data-gain="${gain}"]`);
    await page.waitForFunction(([s, g]) => { const l = window.teleSanteViewer.layout(); return l.speedMmPerS === s && l.gainMmPerMv === g; }, [speed, gain], { timeout: 5000 });
    await page.waitForTimeout(150); // a few frames at the new scale (the screen redraws every 40 ms)
    const found = await page.evaluate(findPeaks);
    if (!found) throw new Error(`no strip with three R peaks at ${speed} mm/s, ${gain} mm/mV`);
    const [a, b] = found.peaks;
    const y = found.top + found.baselineTop + 2; // on the flat line, inside the strip
    await page.click('button[data-caliper="time"]');
    await drag(page, { x: found.left + a.x, y }, { x: found.left + b.x, y });
    const time = await page.evaluate(() => window.teleSanteViewer.calipers());
    await page.screenshot({ path: path.join(config.artifacts, `viewer-calipers-time-${speed}-${gain}.png`) });
    await page.click('button[data-caliper="amplitude"]');
    await drag(page, { x: found.left + b.x + 3 * found.pxPerMm, y: found.top + found.baselineTop }, { x: found.left + b.x + 3 * found.pxPerMm, y: found.top + b.top });
    const amplitude = await page.evaluate(() => window.teleSanteViewer.calipers());
    await page.screenshot({ path: path.join(config.artifacts, `viewer-calipers-amplitude-${speed}-${gain}.png`) });
    await page.click('button[data-caliper="off"]');
    result.measurements.push({ speed, gain, found, time, amplitude });
  }
}, { measurements: [] });
