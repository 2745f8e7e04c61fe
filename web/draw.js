// Canvas drawings of what the worker returned: waveform (from the samples), log-mel spectrogram
// (from heartsound's C front end output, drawn as is) and the per-window timeline.

const COLORS = { wave: '#8b1e3f', axis: '#888', normal: '#2f7d4f', abnormal: '#c0392b', line: '#222' };

// Sizes the backing store to the displayed size so drawings are sharp on phones and HiDPI screens.
function prepare(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const h = Math.max(1, Math.round(canvas.clientHeight * ratio));
  canvas.width = w;
  canvas.height = h;
  const g = canvas.getContext('2d');
  g.clearRect(0, 0, w, h);
  return { g, w, h, ratio };
}

// Min/max envelope per pixel column: every sample is visited, so short clicks stay visible.
export function drawWaveform(canvas, samples, sampleRate) {
  const { g, w, h } = prepare(canvas);
  let peak = 1e-9;
  for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]));
  const mid = h / 2;
  const scale = (h / 2 - 2) / peak;
  g.fillStyle = COLORS.wave;
  const perCol = samples.length / w;
  for (let x = 0; x < w; x++) {
    const a = Math.floor(x * perCol);
    const b = Math.max(a + 1, Math.floor((x + 1) * perCol));
    let lo = Infinity, hi = -Infinity;
    for (let i = a; i < b && i < samples.length; i++) {
      if (samples[i] < lo) lo = samples[i];
      if (samples[i] > hi) hi = samples[i];
    }
    if (lo === Infinity) continue;
    g.fillRect(x, mid - hi * scale, 1, Math.max(1, (hi - lo) * scale));
  }
  canvas.setAttribute('aria-label',
    `Waveform, ${(samples.length / sampleRate).toFixed(1)} s at ${sampleRate} Hz`);
}

// Perceptual-ish dark-to-bright ramp (black, purple, orange, yellow).
function heat(v) {
  const stops = [[0, 0, 4], [87, 16, 110], [188, 55, 84], [249, 142, 9], [252, 255, 164]];
  const x = Math.min(0.9999, Math.max(0, v)) * (stops.length - 1);
  const i = Math.floor(x), f = x - i;
  return stops[i].map((c, k) => Math.round(c + f * (stops[i + 1][k] - c)));
}

// Colour range from robust percentiles, so a single extreme frame does not wash out the picture.
function range(data) {
  const step = Math.max(1, Math.floor(data.length / 20000));
  const sample = [];
  for (let i = 0; i < data.length; i += step) if (Number.isFinite(data[i])) sample.push(data[i]);
  sample.sort((a, b) => a - b);
  if (!sample.length) return [0, 1];
  const lo = sample[Math.floor(sample.length * 0.02)];
  const hi = sample[Math.floor(sample.length * 0.998)];
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}

export function drawSpectrogram(canvas, { data, frames, mels, hopSeconds }) {
  const { g, w, h } = prepare(canvas);
  if (!frames || !mels) return;
  const [lo, hi] = range(data);
  const img = g.createImageData(frames, mels);
  for (let t = 0; t < frames; t++) {
    for (let m = 0; m < mels; m++) {
      const [r, gr, b] = heat((data[t * mels + m] - lo) / (hi - lo));
      const o = ((mels - 1 - m) * frames + t) * 4; // low frequencies at the bottom
      img.data[o] = r; img.data[o + 1] = gr; img.data[o + 2] = b; img.data[o + 3] = 255;
    }
  }
  // Draw at native size off-screen, then scale to the canvas (nearest-neighbour keeps bins crisp).
  const off = document.createElement('canvas');
  off.width = frames;
  off.height = mels;
  off.getContext('2d').putImageData(img, 0, 0);
  g.imageSmoothingEnabled = false;
  g.drawImage(off, 0, 0, w, h);
  canvas.setAttribute('aria-label',
    `Log-mel spectrogram: ${frames} frames of ${mels} mel bands, ${(frames * hopSeconds).toFixed(1)} s`);
}

// One bar per window, height = its P(abnormal), threshold as a dashed line. Windows overlap (e.g. 6 s
// every 1 s), so each bar is drawn one hop wide around its window's centre: the bars tile the time axis.
export function drawTimeline(canvas, windows, threshold, seconds) {
  const { g, w, h, ratio } = prepare(canvas);
  const pad = 14 * ratio;
  const plotH = h - pad;
  const total = Math.max(seconds, ...windows.map((x) => x.t1));
  const xOf = (t) => (t / total) * w;
  const hop = windows.length > 1 ? (windows[windows.length - 1].t0 - windows[0].t0) / (windows.length - 1) : 0;
  for (const win of windows) {
    const mid = (win.t0 + win.t1) / 2;
    const half = hop > 0 ? hop / 2 : (win.t1 - win.t0) / 2;
    const x0 = xOf(Math.max(0, mid - half)), x1 = xOf(Math.min(total, mid + half));
    g.fillStyle = win.p >= threshold ? COLORS.abnormal : COLORS.normal;
    g.fillRect(x0, plotH * (1 - win.p), Math.max(1, x1 - x0 - ratio), plotH * win.p);
  }
  g.strokeStyle = COLORS.line;
  g.setLineDash([4 * ratio, 3 * ratio]);
  g.beginPath();
  g.moveTo(0, plotH * (1 - threshold));
  g.lineTo(w, plotH * (1 - threshold));
  g.stroke();
  g.setLineDash([]);
  // Seconds axis.
  g.fillStyle = COLORS.axis;
  g.font = `${10 * ratio}px system-ui, sans-serif`;
  const every = total > 60 ? 10 : total > 20 ? 5 : 1;
  for (let t = 0; t <= total; t += every) g.fillText(`${t}s`, Math.min(xOf(t), w - 20 * ratio), h - 2 * ratio);
}
