// What the clinical pages drew, in numbers, for ClinicalBrowserTests: the ECG canvas read back pixel by pixel
// (trace columns, grid line, calibration pulse), the print layout under emulated print media, and the facts of
// the PDF chromium prints (page size, page count).
'use strict';

/** The strip canvas `id` of a page whose window[global].layout() is the renderer's last drawing. */
async function measureStrip(page, id, global) {
  return page.evaluate(({ id, global }) => {
    const l = window[global].layout();
    const canvas = document.getElementById(id);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const dpr = l.dpr;
    const dark = (d, i) => d[i] < 110 && d[i + 1] < 110 && d[i + 2] < 110;
    // Dark (trace-coloured) pixels of every CSS column of every row.
    const rows = l.strips.map(s => {
      const x0 = Math.floor(s.xPx), x1 = Math.ceil(s.xEndPx);
      const y0 = Math.floor(s.topPx), y1 = Math.ceil(s.bottomPx);
      const data = ctx.getImageData(Math.round(x0 * dpr), Math.round(y0 * dpr), Math.round((x1 - x0) * dpr), Math.round((y1 - y0) * dpr));
      const columns = [];
      for (let cx = 0; cx < x1 - x0; cx++) {
        const ys = [];
        for (let cy = 0; cy < y1 - y0; cy++) {
          if (dark(data.data, (Math.round(cy * dpr) * data.width + Math.round(cx * dpr)) * 4)) ys.push(y0 + cy);
        }
        columns.push({ x: x0 + cx, ys });
      }
      return { strip: s, columns };
    });
    // Colours along one horizontal line in the first row's top margin (no trace there).
    const s = l.strips[0];
    const gy = Math.round(s.topPx + 2.5 * l.pxPerMm);
    const g = ctx.getImageData(0, Math.round(gy * dpr), Math.round(l.canvasCssWidth * dpr), 1).data;
    const px = [];
    for (let x = 0; x < g.length / 4; x++) px.push([g[x * 4], g[x * 4 + 1], g[x * 4 + 2]]);
    // The first row's 1 mV calibration pulse, in the margin left of the trace: dark pixels down the column at its
    // middle, and along the line halfway up it.
    const pulseColumn = [];
    const midX = Math.round(5 * l.pxPerMm);
    const col = ctx.getImageData(Math.round(midX * dpr), Math.round(s.topPx * dpr), 1, Math.round((s.bottomPx - s.topPx) * dpr)).data;
    for (let y = 0; y < col.length / 4; y++) if (dark(col, y * 4)) pulseColumn.push(s.topPx + y / dpr);
    const halfY = Math.round(s.baselineYPx - 5 * l.pxPerMm);
    const line = ctx.getImageData(0, Math.round(halfY * dpr), Math.round(s.xPx * dpr), 1).data;
    const pulseLine = [];
    for (let x = 0; x < line.length / 4; x++) if (dark(line, x * 4)) pulseLine.push(x / dpr);
    return { layout: l, rows, grid: { y: gy, px }, pulse: { x: midX, column: pulseColumn, y: halfY, line: pulseLine } };
  }, { id, global });
}

/** Under print media: navigation hidden, the strip's canvas at its drawn size (so 1 CSS mm = 1 printed mm). */
async function measurePrint(page) {
  await page.emulateMedia({ media: 'print' });
  return page.evaluate(() => {
    const rect = e => { const r = e.getBoundingClientRect(); return { left: r.left, top: r.top, width: r.width, height: r.height }; };
    const canvas = document.getElementById('strip');
    return {
      topbarDisplay: getComputedStyle(document.querySelector('.topbar')).display,
      printButtonDisplay: getComputedStyle(document.getElementById('print')).display,
      titleDisplay: getComputedStyle(document.querySelector('h1.print-only')).display,
      canvas: rect(canvas),
      canvasStyleWidth: canvas.style.width,
      box: rect(document.getElementById('strip-box')),
      sheet: rect(document.getElementById('sheet')),
      pxPerInch: (() => { const d = document.createElement('div'); d.style.width = '1in'; document.body.append(d); const w = d.getBoundingClientRect().width; d.remove(); return w; })(),
    };
  });
}

/** Page boxes (points) and page count of a PDF chromium wrote (uncompressed page dictionaries). */
function pdfFacts(buffer) {
  const text = buffer.toString('latin1');
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map(m => m.slice(1).map(Number));
  const pages = (text.match(/\/Type\s*\/Page(?!s)/g) || []).length;
  return { boxes, pages, bytes: buffer.length };
}

module.exports = { measureStrip, measurePrint, pdfFacts };
