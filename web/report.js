// The result as a one-page PNG, drawn on the page (nothing is uploaded): verdict and its sentence, heart rate
// and signal quality when the core gives them, the numbers, the whole recording's waveform, spectrogram and
// timeline, the stretch in view when zoomed in (single beats, S1/S2 marks), date and model.
import { COLORS, drawSeconds, drawSpectrogram, drawTimeline, drawWaveform, spectrogramImage } from './draw.js';
import { describeVerdict, heartRateText, qualityText, referenceText, verdictDetails } from './verdict-text.js';
import { fullView, isWhole } from './view.js';

export const PAGE = { width: 1240, height: 1754 }; // A4 portrait at 150 dpi
const M = 60; // margin
const TONE = { normal: COLORS.normal, abnormal: COLORS.abnormal, unsure: '#8a5a00' };

function wrap(g, text, x, y, width, lineHeight) {
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (g.measureText(next).width > width && line) {
      g.fillText(line, x, y);
      y += lineHeight;
      line = word;
    } else {
      line = next;
    }
  }
  if (line) { g.fillText(line, x, y); y += lineHeight; }
  return y;
}

function caption(g, text, y) {
  g.fillStyle = COLORS.axis;
  g.font = '20px system-ui, sans-serif';
  g.fillText(text, M, y);
  return y + 10;
}

function frame(g, rect) {
  g.strokeStyle = '#d0c9c5';
  g.lineWidth = 1;
  g.strokeRect(rect.x - 0.5, rect.y - 0.5, rect.w + 1, rect.h + 1);
}

/**
 * Draws the page for `shown` ({audio, features, result, source, reference}) and the viewer's current view
 * into a new canvas of PAGE size. `when` is the Date printed on it.
 */
export function renderReport(shown, view, when = new Date()) {
  const canvas = document.createElement('canvas');
  canvas.width = PAGE.width;
  canvas.height = PAGE.height;
  const g = canvas.getContext('2d');
  const W = PAGE.width - 2 * M;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, PAGE.width, PAGE.height);
  g.textBaseline = 'top';

  // Header: name, date, source.
  g.fillStyle = '#8b1e3f';
  g.font = 'bold 40px system-ui, sans-serif';
  g.fillText('heartsound', M, M);
  g.fillStyle = COLORS.axis;
  g.font = '22px system-ui, sans-serif';
  const stamp = `${when.getFullYear()}-${String(when.getMonth() + 1).padStart(2, '0')}-${String(when.getDate()).padStart(2, '0')} `
    + `${String(when.getHours()).padStart(2, '0')}:${String(when.getMinutes()).padStart(2, '0')}`;
  g.fillText(stamp, PAGE.width - M - g.measureText(stamp).width, M + 12);
  let y = M + 60;
  g.fillStyle = '#1d1d1f';
  y = wrap(g, `Recording: ${shown.source} · ${shown.audio.seconds.toFixed(1)} s`, M, y, W, 30);

  // Verdict in large type, its sentence, heart rate, quality, reference label, numbers.
  y += 16;
  const { result } = shown;
  if (result) {
    const v = describeVerdict(result);
    g.fillStyle = TONE[v.tone];
    g.font = 'bold 46px system-ui, sans-serif';
    y = wrap(g, v.headline, M, y, W, 56);
    g.fillStyle = '#1d1d1f';
    g.font = '24px system-ui, sans-serif';
    y = wrap(g, v.sentence, M, y + 6, W, 32);
    const facts = [];
    const hr = heartRateText(result);
    if (hr) facts.push(`Heart rate ${hr}`);
    const q = qualityText(result);
    if (q) facts.push(`Signal quality ${q.text}`);
    if (shown.reference) facts.push(referenceText(shown.reference));
    if (facts.length) {
      g.font = 'bold 24px system-ui, sans-serif';
      y = wrap(g, facts.join(' · '), M, y + 8, W, 32);
    }
    g.fillStyle = COLORS.axis;
    g.font = '20px system-ui, sans-serif';
    y = wrap(g, verdictDetails(result).map(([k, val]) => `${k} ${val}`).join(' · '), M, y + 8, W, 28);
  } else {
    g.fillStyle = '#1d1d1f';
    g.font = 'bold 36px system-ui, sans-serif';
    y = wrap(g, shown.classifyNote || 'No verdict.', M, y, W, 44);
  }

  // The whole recording: waveform, spectrogram, timeline on one time axis.
  const whole = fullView(shown.audio.seconds);
  const audio = { samples: shown.audio.samples, sampleRate: shown.audio.sampleRate };
  y = caption(g, 'Waveform, whole recording', y + 24);
  const wave = { x: M, y: y + 16, w: W, h: 200 };
  drawWaveform(g, wave, audio, whole);
  frame(g, wave);
  y = caption(g, 'Log-mel spectrogram (25–600 Hz, low at the bottom)', wave.y + wave.h + 16);
  const spec = { x: M, y: y + 16, w: W, h: 180 };
  drawSpectrogram(g, spec, spectrogramImage(shown.features), shown.features, whole);
  frame(g, spec);
  y = spec.y + spec.h;
  if (result && result.label !== 'unsure' && result.windows?.length) {
    y = caption(g, 'Per-window P(abnormal): red bars are above the threshold (dashed)', y + 16);
    const tl = { x: M, y: y + 16, w: W, h: 150 };
    drawTimeline(g, tl, result.windows, result.threshold, whole, { ratio: 1.6 });
    frame(g, tl);
    y = tl.y + tl.h;
  } else {
    drawSeconds(g, { x: M, y: y + 2, w: W, h: 24 }, whole, 1.6);
    y += 26;
  }

  // The stretch in view, when zoomed in: single beats and the core's S1/S2 marks.
  if (view && !isWhole(view) && y + 280 < PAGE.height - 140) {
    y = caption(g, `Detail: ${view.t0.toFixed(1)}–${view.t1.toFixed(1)} s`, y + 24);
    const det = { x: M, y: y + 16, w: W, h: 200 };
    drawWaveform(g, det, audio, view, { ratio: 1.6, beats: result?.beats });
    frame(g, det);
    drawSeconds(g, { x: M, y: det.y + det.h + 2, w: W, h: 24 }, view, 1.6);
  }

  // Footer: what this is and is not.
  g.fillStyle = COLORS.axis;
  g.font = '20px system-ui, sans-serif';
  wrap(g, 'Not a medical device: a research demo trained on the PhysioNet/CinC 2016 recordings. It can be '
    + 'wrong and does not diagnose anything; see a clinician about any concern for your heart. Made on this '
    + 'device by heartsound; nothing was uploaded.', M, PAGE.height - M - 90, W, 28);
  return canvas;
}

export function reportFileName(when = new Date()) {
  const p = (n) => String(n).padStart(2, '0');
  return `heartsound-result-${when.getFullYear()}-${p(when.getMonth() + 1)}-${p(when.getDate())}-`
    + `${p(when.getHours())}${p(when.getMinutes())}${p(when.getSeconds())}.png`;
}

/** Renders and downloads the PNG (a blob URL and a download link: nothing leaves the device). */
export async function saveReport(shown, view) {
  const when = new Date();
  const canvas = renderReport(shown, view, when);
  const blob = await new Promise((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('PNG encoding failed'))), 'image/png'));
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = reportFileName(when);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return { bytes: blob.size, name: a.download };
}
