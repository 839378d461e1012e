// The grader's page in chromium: the worklist shows the visit, and so does the tele-expertise worklist (kind
// FundusGrading), whose row opens the grading page; the visit opens with its four photographs (both eyes,
// two fields each) side by side; a photograph is zoomed to full resolution and shown red-free with the contrast
// stretched (its pixels read back: red-free means R = G = B); the features form records a pre-proliferative right
// eye; the page shows the derived grade and the next step. Usage: node grading.cjs <config.json>
'use strict';
const path = require('path');
const fs = require('fs');
const { chromium } = require('playwright-core');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const flags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
  '--disable-component-update', '--disable-sync', '--font-render-hinting=none'];
const result = { console: [], pageErrors: [] };

(async () => {
  const browser = await chromium.launch({ executablePath: config.chromium, headless: true, args: flags });
  const base = config.base.replace(/\/$/, '');
  try {
    const context = await browser.newContext({ viewport: { width: 1500, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on('console', m => result.console.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', e => result.pageErrors.push(String(e)));

    await page.goto(`${base}/clinical/grading.html#access_token=${config.graderToken}`);
    await page.waitForFunction(() => window.fundusGrading?.ready === true, null, { timeout: 20000 });
    result.worklist = await page.evaluate(() => [...document.querySelectorAll('#worklist tbody tr')].map(r => ({ visit: r.dataset.visit, stage: r.dataset.stage })));
    await page.screenshot({ path: path.join(config.artifacts, 'grading-worklist.png') });

    // The same grading request in the tele-expertise worklist (kind FundusGrading), which opens the grading page.
    await page.goto(`${base}/clinical/worklist.html`);
    const row = `#worklist tr[data-kind="FundusGrading"][data-request="${config.visit}"]`;
    await page.waitForSelector(row, { timeout: 20000 });
    result.teleExpertiseWorklist = await page.evaluate(() => [...document.querySelectorAll('#worklist tbody tr')]
      .map(r => ({ id: r.dataset.request, kind: r.dataset.kind ?? null, state: r.dataset.state, text: r.textContent })));
    await page.screenshot({ path: path.join(config.artifacts, 'grading-tele-expertise-worklist.png') });
    await page.click(`${row} a`);
    await page.waitForFunction(() => window.fundusGrading?.ready === true, null, { timeout: 20000 });
    result.openedFromWorklist = page.url().replace(base, '');
    result.panels = await page.evaluate(() => window.fundusGrading.views.map(v => ({ eye: v.eye, field: v.field, width: v.view.bitmap.width })));
    result.columns = await page.evaluate(() => [...document.querySelectorAll('.eye')].map(e => ({ eye: e.dataset.eye, x: Math.round(e.getBoundingClientRect().x) })));
    result.title = await page.textContent('#visit-title');
    await page.screenshot({ path: path.join(config.artifacts, 'grading-visit.png') });

    // Right eye, macula-centred: 1:1 (one image pixel per CSS pixel), then red-free and contrast.
    const panel = '.eye[data-eye="OD"] .fundus[data-field="MaculaCentred"]';
    await page.click(`${panel} button:text("1:1")`);
    result.scaleAtOneToOne = await page.evaluate(() => window.fundusGrading.views.find(v => v.eye === 'OD' && v.field === 'MaculaCentred').view.scale);
    await page.click(`${panel} button:text("Red-free")`);
    await page.click(`${panel} button:text("Contrast")`);
    result.redFreePixels = await page.evaluate(selector => {
      const canvas = document.querySelector(`${selector} canvas`);
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let retina = 0, grey = 0;
      for (let i = 0; i < data.length; i += 4 * 97) {
        if (data[i] + data[i + 1] + data[i + 2] < 30) continue;
        retina++;
        if (data[i] === data[i + 1] && data[i + 1] === data[i + 2]) grey++;
      }
      return { retina, grey };
    }, panel);
    await page.screenshot({ path: path.join(config.artifacts, 'grading-red-free.png') });

    await page.check('input[name="right.irma"]');
    await page.check('input[name="right.microaneurysms"]');
    await page.click('#submit');
    await page.waitForSelector('#result:not([hidden])', { timeout: 15000 });
    result.result = await page.textContent('#result');
    result.submitted = await page.evaluate(() => window.fundusGrading.stats.submitted);
    await page.screenshot({ path: path.join(config.artifacts, 'grading-recorded.png') });

    // The campaign's dashboard, as its administrator: the visit counted as screened and pending its second grading.
    const admin = await (await browser.newContext({ viewport: { width: 1400, height: 700 }, deviceScaleFactor: 1 })).newPage();
    admin.on('pageerror', e => result.pageErrors.push(`dashboard: ${e}`));
    await admin.goto(`${base}/clinical/dashboard.html?campaign=${config.campaign}#access_token=${config.adminToken}`);
    await admin.waitForFunction(() => window.screeningDashboard?.ready === true, null, { timeout: 20000 });
    result.dashboard = await admin.evaluate(() => [...document.querySelectorAll('#figures tbody tr')].map(r => [...r.cells].map(c => c.textContent)));
    await admin.screenshot({ path: path.join(config.artifacts, 'grading-dashboard.png') });
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
})().catch(e => { console.error(e); process.exit(1); });
