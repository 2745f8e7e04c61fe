// Canvas drawings of what the worker returned, for any stretch of time [view.t0, view.t1]: waveform (from the
// samples, with the core's S1/S2 marks when zoomed in), log-mel spectrogram (the C front end's output as is)
// and the per-window timeline. Every function draws into a rectangle of a 2D context, so the page's canvases
// and the saved PNG (report.js) use the same code.
import { span, ticks, timeToX, visibleBeats } from './view.js';

export const COLORS = {
  wave: '#8b1e3f', axis: '#5f5f66', grid: '#e4dfdc', normal: '#2f7d4f', abnormal: '#c0392b', line: '#222',
  s1: '#1a5fb4', s2: '#b35900', bg: '#fcfbfa',
};

/** Sizes a canvas's backing store to its displayed size (sharp on phones and HiDPI screens). */
export function prepare(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const h = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const g = canvas.getContext('2d');
  g.setTransform(1, 0, 0, 1, 0, 0);
  g.clearRect(0, 0, w, h);
  return { g, rect: { x: 0, y: 0, w, h }, ratio };
}

/** Largest |sample|: the waveform keeps one vertical scale whatever the zoom. */
export function peakOf(samples) {
  let peak = 1e-9;
  for (let i = 0; i < samples.length; i++) { const a = Math.abs(samples[i]); if (a > peak) peak = a; }
  return peak;
}

function clip(g, { x, y, w, h }) {
  g.save();
  g.beginPath();
  g.rect(x, y, w, h);
  g.clip();
}

function grid(g, rect, view, ratio) {
  g.strokeStyle = COLORS.grid;
  g.lineWidth = ratio;
  for (const t of ticks(view, rect.w / ratio)) {
    const x = Math.round(rect.x + timeToX(view, t, rect.w)) + 0.5;
    g.beginPath(); g.moveTo(x, rect.y); g.lineTo(x, rect.y + rect.h); g.stroke();
  }
}

/**
 * Waveform of the samples in the view: a min/max column per pixel while there are several samples per
 * pixel (every sample is visited, so short clicks stay visible), a line through the samples when zoomed past
 * that. `beats` ([{s1, s2, end}] from the core) are marked when the view is narrow enough.
 */
export function drawWaveform(g, rect, { samples, sampleRate, peak }, view, { ratio = 1, beats = null } = {}) {
  const { x: rx, y: ry, w, h } = rect;
  clip(g, rect);
  grid(g, rect, view, ratio);
  const mid = ry + h / 2;
  const scale = (h / 2 - 2 * ratio) / (peak || peakOf(samples));
  const first = Math.max(0, Math.floor(view.t0 * sampleRate));
  const last = Math.min(samples.length, Math.ceil(view.t1 * sampleRate) + 1);
  const perPx = (span(view) * sampleRate) / w;
  g.fillStyle = COLORS.wave;
  g.strokeStyle = COLORS.wave;
  if (perPx >= 1.5) {
    for (let px = 0; px < w; px++) {
      const a = Math.max(first, Math.floor((view.t0 + (px / w) * span(view)) * sampleRate));
      const b = Math.min(last, Math.max(a + 1, Math.floor((view.t0 + ((px + 1) / w) * span(view)) * sampleRate)));
      let lo = Infinity, hi = -Infinity;
      for (let i = a; i < b; i++) { const s = samples[i]; if (s < lo) lo = s; if (s > hi) hi = s; }
      if (lo === Infinity) continue;
      g.fillRect(rx + px, mid - hi * scale, 1, Math.max(ratio, (hi - lo) * scale));
    }
  } else {
    g.lineWidth = 1.5 * ratio;
    g.beginPath();
    for (let i = Math.max(0, first - 1); i < Math.min(samples.length, last + 1); i++) {
      const px = rx + timeToX(view, i / sampleRate, w);
      if (i === Math.max(0, first - 1)) g.moveTo(px, mid - samples[i] * scale); else g.lineTo(px, mid - samples[i] * scale);
    }
    g.stroke();
  }
  drawBeatMarks(g, rect, view, beats, ratio);
  g.restore();
}

// S1 and S2 onsets as lines, labelled when there is room; the core's cycles are drawn as they are.
function drawBeatMarks(g, rect, view, beats, ratio) {
  const shown = visibleBeats(view, beats);
  if (!shown.length) return;
  const label = (rect.w / span(view)) * 0.25 >= 18 * ratio; // ~a quarter second holds a label
  g.font = `${11 * ratio}px system-ui, sans-serif`;
  g.textBaseline = 'top';
  for (const b of shown) {
    for (const [t, name, color] of [[b.s1, 'S1', COLORS.s1], [b.s2, 'S2', COLORS.s2]]) {
      if (!Number.isFinite(t) || t < view.t0 || t > view.t1) continue;
      const x = Math.round(rect.x + timeToX(view, t, rect.w)) + 0.5;
      g.strokeStyle = color;
      g.lineWidth = 1.5 * ratio;
      g.setLineDash([3 * ratio, 2 * ratio]);
      g.beginPath(); g.moveTo(x, rect.y + 14 * ratio); g.lineTo(x, rect.y + rect.h); g.stroke();
      g.setLineDash([]);
      if (label) { g.fillStyle = color; g.fillText(name, x + 2 * ratio, rect.y + 2 * ratio); }
    }
  }
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

/** The whole log-mel image at one pixel per frame and band (made once per recording, cropped per view). */
export function spectrogramImage({ data, frames, mels }) {
  if (!frames || !mels) return null;
  const [lo, hi] = range(data);
  const off = document.createElement('canvas');
  off.width = frames;
  off.height = mels;
  const og = off.getContext('2d');
  const img = og.createImageData(frames, mels);
  for (let t = 0; t < frames; t++) {
    for (let m = 0; m < mels; m++) {
      const [r, gr, b] = heat((data[t * mels + m] - lo) / (hi - lo));
      const o = ((mels - 1 - m) * frames + t) * 4; // low frequencies at the bottom
      img.data[o] = r; img.data[o + 1] = gr; img.data[o + 2] = b; img.data[o + 3] = 255;
    }
  }
  og.putImageData(img, 0, 0);
  return off;
}

/** Frame k is centred on k * hop (the front end's `center`), so it covers [k - 1/2, k + 1/2] hops. */
export function drawSpectrogram(g, rect, image, { hopSeconds, center = true }, view) {
  g.fillStyle = '#000';
  g.fillRect(rect.x, rect.y, rect.w, rect.h);
  if (!image) return;
  const shift = center ? 0.5 : 0;
  const f0 = view.t0 / hopSeconds + shift;
  const nf = span(view) / hopSeconds;
  // Source rectangle inside the image; where the view runs past the frames, keep the time scale right.
  const sx = Math.max(0, f0), ex = Math.min(image.width, f0 + nf);
  if (ex <= sx) return;
  const dx = rect.x + ((sx - f0) / nf) * rect.w, dw = ((ex - sx) / nf) * rect.w;
  g.imageSmoothingEnabled = false; // nearest-neighbour keeps the bins crisp
  g.drawImage(image, sx, 0, ex - sx, image.height, dx, rect.y, dw, rect.h);
}

/**
 * One bar per window, height = its P(abnormal), threshold as a dashed line, seconds along the bottom.
 * Windows overlap (6 s every 1 s, the last one aligned to the end), so the bars tile the time axis: each
 * spans from halfway to the previous window's centre to halfway to the next one's.
 */
export function drawTimeline(g, rect, windows, threshold, view, { ratio = 1 } = {}) {
  const pad = 14 * ratio;
  const plot = { x: rect.x, y: rect.y, w: rect.w, h: rect.h - pad };
  clip(g, rect);
  grid(g, plot, view, ratio);
  const sorted = windows.map((w) => ({ c: (w.t0 + w.t1) / 2, p: w.p, len: w.t1 - w.t0 })).sort((a, b) => a.c - b.c);
  const gaps = sorted.slice(1).map((w, i) => w.c - sorted[i].c).filter((d) => d > 0).sort((a, b) => a - b);
  const hop = gaps.length ? gaps[Math.floor(gaps.length / 2)] : (sorted[0]?.len ?? 1);
  for (const [i, win] of sorted.entries()) {
    const a = i > 0 ? (sorted[i - 1].c + win.c) / 2 : win.c - hop / 2;
    const b = i + 1 < sorted.length ? (win.c + sorted[i + 1].c) / 2 : win.c + hop / 2;
    const x0 = plot.x + timeToX(view, Math.max(0, a), plot.w);
    const x1 = plot.x + timeToX(view, b, plot.w);
    if (x1 < plot.x || x0 > plot.x + plot.w) continue;
    g.fillStyle = win.p >= threshold ? COLORS.abnormal : COLORS.normal;
    g.fillRect(x0, plot.y + plot.h * (1 - win.p), Math.max(1, x1 - x0 - ratio), plot.h * win.p);
  }
  if (Number.isFinite(threshold)) {
    g.strokeStyle = COLORS.line;
    g.lineWidth = ratio;
    g.setLineDash([4 * ratio, 3 * ratio]);
    g.beginPath();
    g.moveTo(plot.x, plot.y + plot.h * (1 - threshold));
    g.lineTo(plot.x + plot.w, plot.y + plot.h * (1 - threshold));
    g.stroke();
    g.setLineDash([]);
  }
  g.restore();
  drawSeconds(g, { x: rect.x, y: rect.y + rect.h - pad, w: rect.w, h: pad }, view, ratio);
}

/** Second labels along a strip of height ~14 px. */
export function drawSeconds(g, rect, view, ratio = 1) {
  g.fillStyle = COLORS.axis;
  g.font = `${10 * ratio}px system-ui, sans-serif`;
  g.textBaseline = 'bottom';
  const s = span(view);
  for (const t of ticks(view, rect.w / ratio)) {
    const text = s < 10 && !Number.isInteger(t) ? `${t.toFixed(1)}s` : `${Math.round(t)}s`;
    const x = rect.x + timeToX(view, t, rect.w);
    const tw = g.measureText(text).width;
    g.fillText(text, Math.min(Math.max(rect.x, x - tw / 2), rect.x + rect.w - tw), rect.y + rect.h - ratio);
  }
}
