// One fundus photograph on a canvas: zoom (wheel, around the pointer) and pan (drag) up to and beyond full
// resolution, a red-free view (the green channel, where haemorrhages and microaneurysms stand out) and a contrast
// stretch (each channel's 1st–99th percentile inside the field of view mapped to the full range). The photograph's
// pixels are never resampled for display except by the zoom itself: at "1:1" one image pixel is one CSS pixel.

const MAX_SCALE = 8;

export class FundusView {
  constructor(canvas, bitmap) {
    this.canvas = canvas;
    this.bitmap = bitmap;
    this.redFree = false;
    this.contrast = false;
    this.sources = new Map(); // "redFree/contrast" → processed canvas, made once
    this.fit();
    this.attach();
  }

  /** Scale that shows the whole photograph in the canvas. */
  get fitScale() {
    const { width, height } = this.cssSize();
    return Math.min(width / this.bitmap.width, height / this.bitmap.height);
  }

  cssSize() {
    const rect = this.canvas.getBoundingClientRect();
    return { width: Math.max(1, rect.width), height: Math.max(1, rect.height) };
  }

  fit() {
    this.scale = this.fitScale;
    const { width, height } = this.cssSize();
    this.offsetX = (width - this.bitmap.width * this.scale) / 2;
    this.offsetY = (height - this.bitmap.height * this.scale) / 2;
    this.draw();
  }

  /** One image pixel per CSS pixel, centred on the middle of the view. */
  actualSize() {
    this.zoomAt(1 / this.scale, this.cssSize().width / 2, this.cssSize().height / 2);
  }

  zoomAt(factor, x, y) {
    const next = Math.min(MAX_SCALE, Math.max(this.fitScale, this.scale * factor));
    const k = next / this.scale;
    this.offsetX = x - (x - this.offsetX) * k;
    this.offsetY = y - (y - this.offsetY) * k;
    this.scale = next;
    this.draw();
  }

  setRedFree(on) { this.redFree = on; this.draw(); }

  setContrast(on) { this.contrast = on; this.draw(); }

  attach() {
    this.canvas.addEventListener('wheel', e => {
      e.preventDefault();
      const rect = this.canvas.getBoundingClientRect();
      this.zoomAt(e.deltaY < 0 ? 1.25 : 0.8, e.clientX - rect.left, e.clientY - rect.top);
    }, { passive: false });
    let drag = null;
    this.canvas.addEventListener('pointerdown', e => {
      drag = { x: e.clientX, y: e.clientY, ox: this.offsetX, oy: this.offsetY };
      this.canvas.setPointerCapture(e.pointerId);
      this.canvas.classList.add('dragging');
    });
    this.canvas.addEventListener('pointermove', e => {
      if (!drag) return;
      this.offsetX = drag.ox + e.clientX - drag.x;
      this.offsetY = drag.oy + e.clientY - drag.y;
      this.draw();
    });
    const end = () => { drag = null; this.canvas.classList.remove('dragging'); };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
    new ResizeObserver(() => this.draw()).observe(this.canvas);
  }

  draw() {
    const { width, height } = this.cssSize();
    const dpr = window.devicePixelRatio || 1;
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
    }
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = '#111';
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    // Above 1:1 the pixels are shown as blocks, not smoothed: a grader must see what the camera recorded.
    ctx.imageSmoothingEnabled = this.scale < 1;
    ctx.setTransform(this.scale * dpr, 0, 0, this.scale * dpr, this.offsetX * dpr, this.offsetY * dpr);
    ctx.drawImage(this.source(), 0, 0);
  }

  source() {
    if (!this.redFree && !this.contrast) return this.bitmap;
    const key = `${this.redFree}/${this.contrast}`;
    if (!this.sources.has(key)) this.sources.set(key, process(this.bitmap, this.redFree, this.contrast));
    return this.sources.get(key);
  }
}

function process(bitmap, redFree, contrast) {
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(bitmap, 0, 0);
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const px = image.data;
  if (redFree) {
    for (let i = 0; i < px.length; i += 4) { px[i] = px[i + 1]; px[i + 2] = px[i + 1]; }
  }
  if (contrast) {
    // Ranges first, from the unstretched pixels; red-free stays grey: the green channel's range for all three.
    const ranges = [0, 1, 2].map(c => percentiles(px, redFree ? 1 : c));
    for (let i = 0; i < px.length; i += 4) {
      if (isBackground(px, i)) continue;
      for (let c = 0; c < 3; c++) {
        const [lo, hi] = ranges[c];
        px[i + c] = Math.max(0, Math.min(255, (px[i + c] - lo) * (hi > lo ? 255 / (hi - lo) : 1)));
      }
    }
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}

// The black surround of the circular field of view is not part of the retina: left out of the statistics.
function isBackground(px, i) { return px[i] + px[i + 1] + px[i + 2] < 30; }

function percentiles(px, channel) {
  const histogram = new Uint32Array(256);
  let n = 0;
  for (let i = 0; i < px.length; i += 4) {
    if (isBackground(px, i)) continue;
    histogram[px[i + channel]]++;
    n++;
  }
  const at = fraction => {
    let seen = 0;
    for (let v = 0; v < 256; v++) { seen += histogram[v]; if (seen >= fraction * n) return v; }
    return 255;
  };
  return n === 0 ? [0, 255] : [at(0.01), at(0.99)];
}
