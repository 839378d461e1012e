// Screen calibration: CSS assumes 96 px per inch (3.78 px/mm) but real screens differ. The user holds
// a ruler against a 100 mm bar and enters what it measures; the factor is kept in localStorage.
import { CSS_PX_PER_MM } from './ecg-renderer.js';

const KEY = 'telesante.viewer.calibration';
const BAR_MM = 100;

export function loadCalibration() {
  const v = parseFloat(localStorage.getItem(KEY));
  return Number.isFinite(v) && v >= 0.3 && v <= 3 ? v : 1;
}

export function saveCalibration(factor) {
  localStorage.setItem(KEY, String(factor));
}

export function openCalibrationDialog(current, onApply) {
  const dialog = document.getElementById('calibration-dialog');
  const bar = document.getElementById('calibration-bar');
  const input = document.getElementById('calibration-measured');
  const info = document.getElementById('calibration-info');
  const pxPerMm = CSS_PX_PER_MM * current;
  const width = Math.round(BAR_MM * pxPerMm) + 20;
  bar.width = width;
  bar.style.width = `${width}px`;
  const g = bar.getContext('2d');
  g.clearRect(0, 0, width, bar.height);
  g.fillStyle = '#111';
  g.fillRect(10, 14, BAR_MM * pxPerMm, 12);
  for (let mm = 0; mm <= BAR_MM; mm += 10) g.fillRect(10 + mm * pxPerMm - 0.5, 4, 1, mm % 50 === 0 ? 32 : 10);
  input.value = String(BAR_MM);
  info.textContent = `Now ${pxPerMm.toFixed(3)} CSS px per mm (factor ${current.toFixed(3)} × 96 dpi).`;
  dialog.onclose = () => {
    if (dialog.returnValue === 'apply') {
      const measured = parseFloat(input.value);
      if (Number.isFinite(measured) && measured >= 20 && measured <= 400) onApply(current * BAR_MM / measured);
    } else if (dialog.returnValue === 'reset') {
      onApply(1);
    }
  };
  dialog.showModal();
}
