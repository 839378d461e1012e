// Issue 11's scenario in Debian's chromium (playwright-core, never a downloaded browser): a site operator opens a
// consultation and files an ECG request; a cardiologist sees it arrive in the worklist live, accepts it, reads
// the ECG and signs a report; the requester sees the state change live and prints the report on A4.
// Usage: node clinical-scenario.cjs <config.json>   (NODE_PATH must reach ClientApp/node_modules)
// The test streams the recording when asked: this script prints {"await": "..."} and reads one JSON line on
// its standard input in answer. Everything seen goes to config.resultFile for ClinicalBrowserTests to check.
'use strict';
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { chromium } = require('playwright-core');
const { measureStrip, measurePrint, pdfFacts } = require('./clinical-measure.cjs');

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const flags = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
  '--disable-component-update', '--disable-sync', '--font-render-hinting=none'];
const result = { console: [], pageErrors: [], steps: [] };
const shots = [];

const input = readline.createInterface({ input: process.stdin });
const answers = [];
const waiting = [];
input.on('line', line => { const w = waiting.shift(); if (w) w(JSON.parse(line)); else answers.push(JSON.parse(line)); });
/** Asks the test to do something and waits for its answer. */
function ask(what, details) {
  process.stdout.write(JSON.stringify({ await: what, ...details }) + '\n');
  return answers.length ? Promise.resolve(answers.shift()) : new Promise(resolve => waiting.push(resolve));
}

function step(s) { result.steps.push(`${new Date().toISOString()} ${s}`); }

async function open(context, name, url) {
  const page = await context.newPage();
  page.on('console', m => result.console.push(`${name} ${m.type()}: ${m.text()}`));
  page.on('pageerror', e => result.pageErrors.push(`${name}: ${e}`));
  await page.goto(url);
  shots.push([name, page]);
  return page;
}

/** A marker in the page's window: still there later means the page was never reloaded. */
const mark = page => page.evaluate(() => { window.__notReloaded = true; });
const notReloaded = page => page.evaluate(() => window.__notReloaded === true);

(async () => {
  const browser = await chromium.launch({ executablePath: config.chromium, headless: true, args: flags });
  try {
    const newContext = () => browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
    const operatorContext = await newContext();
    const cardioContext = await newContext();
    const colleagueContext = await newContext();
    const base = config.base.replace(/\/$/, '');

    // The cardiologists' worklists are open before anything is filed.
    const worklist = await open(cardioContext, 'worklist', `${base}/clinical/worklist.html#access_token=${config.tokens.cardiologist}`);
    const colleague = await open(colleagueContext, 'colleague', `${base}/clinical/worklist.html#access_token=${config.tokens.colleague}`);
    for (const p of [worklist, colleague]) {
      await p.waitForFunction(() => document.getElementById('hub-state').textContent === 'live', null, { timeout: 20000 });
      await mark(p);
    }
    result.worklistBefore = await worklist.evaluate(() => window.clinicalWorklist.items().map(i => i.id));
    step('worklists live');

    // The site operator: station, patient (a mistyped INS key first), consent, consultation.
    const point = await open(operatorContext, 'point', `${base}/clinical/point.html#access_token=${config.tokens.operator}`);
    await point.waitForFunction(() => document.querySelectorAll('#station option').length > 0, null, { timeout: 10000 });
    await point.selectOption('#station', config.station);
    const p = config.patient;
    await point.fill('[name=birthFamilyName]', p.birthFamilyName);
    await point.fill('[name=birthGivenNames]', p.birthGivenNames);
    await point.fill('[name=firstGivenName]', p.firstGivenName);
    await point.fill('[name=birthDate]', p.birthDate);
    await point.selectOption('[name=sex]', p.sex);
    await point.fill('[name=birthPlaceCode]', p.birthPlaceCode);
    await point.selectOption('[name=insOid]', p.insOid);
    await point.check('[name=identityDocumentChecked]');
    await point.fill('[name=ins]', p.badIns);
    await point.click('#patient-form button[type=submit]');
    await point.waitForSelector('#patient-result.refusal', { timeout: 10000 });
    result.badIns = await point.textContent('#patient-result');
    await point.screenshot({ path: path.join(config.artifacts, 'clinical-point-bad-ins.png'), fullPage: true });
    await point.fill('[name=ins]', p.ins);
    await point.click('#patient-form button[type=submit]');
    await point.waitForSelector('#patient-result.done', { timeout: 10000 });
    result.patient = await point.textContent('#patient-result');
    await point.click('#consent-form button[type=submit]');
    await point.waitForSelector('#consent-result.done', { timeout: 10000 });
    await point.click('#open-consultation');
    await point.waitForSelector('#consultation-result.done', { timeout: 10000 });
    const consultation = await point.evaluate(() => window.clinicalPoint.state.consultation.id);
    result.consultation = consultation;
    step('consultation open');

    // The station's devices start: the first ECG batch makes the session known, the page joins it live.
    await ask('first-batch', { consultation });
    await point.waitForFunction(() => document.getElementById('live-state').textContent === 'live', null, { timeout: 20000 });
    step('point live');
    const streamed = await ask('rest', { consultation });
    await point.waitForFunction(s => {
      const d = window.clinicalPoint.devices();
      const ecg = d.find(x => x.id === s.ecgDevice);
      // Device times reach the page to about a microsecond (64-bit ns as doubles).
      // Every measurement sent, the newest vitals included (the first one alone showed 142 where the test reads 138).
      return ecg && ecg.ecgFromMs <= s.ecgFromMs + 0.01 && ecg.ecgToMs >= s.ecgToMs - 0.01
        && d.some(x => x.id === s.vitalsDevice && x.vitalsToMs !== null && x.vitalsToMs >= s.vitalsToMs - 0.01);
    }, streamed, { timeout: 20000 });
    result.devices = await point.evaluate(() => window.clinicalPoint.devices());
    result.deviceRows = await point.evaluate(() => [...document.querySelectorAll('#devices tbody tr')].map(r => [...r.cells].map(c => c.textContent)));
    step('devices shown');

    // The request: the whole recorded range (the form's default), urgent.
    await point.fill('[name=question]', config.question);
    await point.fill('[name=clinicalContext]', config.context);
    await point.selectOption('[name=priority]', 'Urgent');
    result.rangeInputs = await point.evaluate(() => ({ from: document.querySelector('[name=from]').value, to: document.querySelector('[name=to]').value, text: document.getElementById('recorded-range').textContent }));
    await point.click('#request-form button[type=submit]');
    await point.waitForSelector('#request-result.done', { timeout: 10000 });
    const requestId = await point.evaluate(() => window.clinicalPoint.state.requests[0].id);
    result.request = await point.evaluate(() => window.clinicalPoint.state.requests[0]);
    await point.screenshot({ path: path.join(config.artifacts, 'clinical-point.png'), fullPage: true });
    step('request filed');

    // Live: the request arrives in both cardiologists' worklists without a reload.
    for (const w of [worklist, colleague]) await w.waitForSelector(`tr[data-request="${requestId}"]`, { timeout: 15000 });
    result.worklistArrived = {
      items: await worklist.evaluate(() => window.clinicalWorklist.items()),
      rows: await worklist.evaluate(() => [...document.querySelectorAll('#worklist tbody tr')].map(r => ({ id: r.dataset.request, state: r.dataset.state, overdue: r.dataset.overdue, text: r.textContent }))),
      notReloaded: await notReloaded(worklist) && await notReloaded(colleague),
      changes: await worklist.evaluate(() => window.clinicalWorklist.stats.changes),
    };
    await worklist.screenshot({ path: path.join(config.artifacts, 'clinical-worklist.png'), fullPage: true });
    step('arrived live');

    // The requester follows the request in a new tab opened from the point page's link (the sign-in follows).
    const [requestPage] = await Promise.all([operatorContext.waitForEvent('page'), point.click(`#filed tr[data-request="${requestId}"] a`)]);
    requestPage.on('console', m => result.console.push(`request ${m.type()}: ${m.text()}`));
    requestPage.on('pageerror', e => result.pageErrors.push(`request: ${e}`));
    shots.push(['request', requestPage]);
    // The new tab exists before its document does: wait for the page itself, then for its live state.
    await requestPage.waitForLoadState('domcontentloaded');
    await requestPage.waitForFunction(() => document.getElementById('hub-state')?.textContent === 'live' && window.clinicalRequest?.page.view, null, { timeout: 20000 });
    await mark(requestPage);

    // The cardiologist accepts; the colleague's worklist drops it live.
    await worklist.click(`tr[data-request="${requestId}"] button.primary`);
    await worklist.waitForSelector(`tr[data-request="${requestId}"][data-state="Accepted"]`, { timeout: 10000 });
    await colleague.waitForSelector(`tr[data-request="${requestId}"]`, { state: 'detached', timeout: 15000 });
    result.colleagueAfterAccept = { items: await colleague.evaluate(() => window.clinicalWorklist.items().map(i => i.id)), notReloaded: await notReloaded(colleague) };
    await requestPage.waitForFunction(() => document.getElementById('state').dataset.state === 'Accepted', null, { timeout: 15000 });
    step('accepted');

    // Reading: the ECG in review mode, the vitals, the patient; then the report, signed.
    await worklist.click(`tr[data-request="${requestId}"] a.primary-link`);
    await worklist.waitForFunction(() => window.clinicalReading && window.clinicalReading.page.review && window.clinicalReading.page.review.complete && window.clinicalReading.layout(), null, { timeout: 30000 });
    await worklist.waitForFunction(() => document.getElementById('patient-birth').textContent !== '—', null, { timeout: 10000 });
    const reading = worklist;
    result.reading = await measureStrip(reading, 'ecg', 'clinicalReading');
    result.reading.vitals = await reading.evaluate(() => [...document.querySelectorAll('#vitals tbody tr')].map(r => [...r.cells].map(c => c.textContent)));
    result.reading.patient = await reading.evaluate(() => ({ name: document.getElementById('patient-name').textContent, birth: document.getElementById('patient-birth').textContent, sex: document.getElementById('patient-sex').textContent }));
    result.reading.question = await reading.textContent('#question');
    result.reading.text = await reading.evaluate(() => document.body.innerText);
    await reading.screenshot({ path: path.join(config.artifacts, 'clinical-reading.png') });
    step('read');

    // Issue 12: the form opens with the service's proposals; the cardiologist keeps them but changes the rate (record 100
    // has two leads: only the rate is proposed), and types what was not measurable (QT among them).
    await reading.waitForSelector('#proposals-panel .proposals, #proposals-missing', { timeout: 15000 });
    const numbers = ['rateBpm', 'prMs', 'qrsMs', 'qtMs', 'qtcMs', 'axisDegrees'];
    result.prefill = await reading.evaluate(names => Object.fromEntries(names.map(n => [n, document.querySelector(`[name=${n}]`).value])), numbers);
    result.prefill.panel = await reading.evaluate(() => [...document.querySelectorAll('#proposal-values tbody tr')].map(r => [...r.cells].map(c => c.textContent)));
    result.prefill.statements = await reading.evaluate(() => [...document.querySelectorAll('#statements input[name=statement]')].map(i => i.value));
    const f = config.findings;
    await reading.fill('[name=rhythm]', f.rhythm);
    for (const name of numbers) {
      const proposed = result.prefill[name];
      if (name === 'rateBpm' && proposed !== '') await reading.fill('[name=rateBpm]', String(Number(proposed) + 6));
      else if (proposed === '') await reading.fill(`[name=${name}]`, String(f[name]));
    }
    await reading.fill('[name=conclusion]', f.conclusion);
    await reading.selectOption('[name=followUp]', f.followUp);
    await reading.fill('[name=freeText]', f.freeText);
    await reading.click('#sign');
    await reading.waitForSelector('#signed .signed-report', { timeout: 10000 });
    result.signed = {
      text: await reading.textContent('#signed'),
      formHidden: await reading.evaluate(() => document.getElementById('report-form').hidden),
      state: await reading.textContent('#request-state'),
    };
    await reading.screenshot({ path: path.join(config.artifacts, 'clinical-reading-signed.png') });
    step('signed');

    // The requester sees the answer live, and prints it.
    await requestPage.waitForFunction(() => document.getElementById('state').dataset.state === 'Answered' && document.querySelector('#report .signed-report'), null, { timeout: 15000 });
    await requestPage.waitForFunction(() => window.clinicalRequest.layout(), null, { timeout: 30000 });
    result.requester = {
      states: await requestPage.evaluate(() => window.clinicalRequest.page.states),
      changes: await requestPage.evaluate(() => window.clinicalRequest.page.changes),
      notReloaded: await notReloaded(requestPage),
      report: await requestPage.textContent('#report'),
      review: await requestPage.evaluate(() => [...document.querySelectorAll('#report .signed-report .review-values tbody tr')].map(r => ({ key: r.dataset.key, decision: r.dataset.decision, text: r.innerText }))),
      patient: await requestPage.textContent('#patient-name'),
    };
    await requestPage.screenshot({ path: path.join(config.artifacts, 'clinical-request.png'), fullPage: true });
    result.print = await measurePrint(requestPage);
    result.print.strip = await measureStrip(requestPage, 'strip', 'clinicalRequest');
    await requestPage.screenshot({ path: path.join(config.artifacts, 'clinical-request-print.png'), fullPage: true });
    const pdf = await requestPage.pdf({ preferCSSPageSize: true, printBackground: true });
    fs.writeFileSync(path.join(config.artifacts, 'clinical-request.pdf'), pdf);
    result.pdf = pdfFacts(pdf);
    await requestPage.emulateMedia({ media: 'screen' });
    step('printed');

    // A correction: a new signed version with its reason, the first one kept; the requester sees it live.
    await reading.click('#amend');
    await reading.fill('[name=conclusion]', config.amendment.conclusion);
    await reading.fill('[name=reason]', config.amendment.reason);
    await reading.click('#sign');
    await reading.waitForSelector('#signed .signed-report[data-version="2"]', { timeout: 10000 });
    result.amended = { text: await reading.textContent('#signed') };
    await requestPage.waitForFunction(() => document.getElementById('state').dataset.state === 'Amended' && document.querySelector('#report .signed-report[data-version="2"]'), null, { timeout: 15000 });
    result.amended.requester = await requestPage.textContent('#report');
    result.amended.states = await requestPage.evaluate(() => window.clinicalRequest.page.states);
    result.amended.notReloaded = await notReloaded(requestPage);
    step('amended');

    // The consultation ends.
    await point.click('#close-consultation');
    await point.waitForFunction(() => /closed/.test(document.getElementById('consultation-result').textContent), null, { timeout: 10000 });
    result.closed = await point.textContent('#consultation-result');
    step('closed');
  } catch (e) {
    result.failure = e && e.stack ? e.stack : String(e);
    for (const [name, page] of shots) {
      try { await page.screenshot({ path: path.join(config.artifacts, `clinical-failure-${name}.png`), fullPage: true }); } catch { /* closed */ }
    }
  } finally {
    await browser.close();
    input.close();
  }
  fs.writeFileSync(config.resultFile, JSON.stringify(result));
  if (result.failure) {
    console.error(result.failure);
    console.error('steps: ' + result.steps.join(' | '));
    console.error('page console: ' + result.console.slice(-30).join(' | '));
    console.error('page errors: ' + result.pageErrors.join(' | '));
    process.exit(1);
  }
})().catch(e => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
