// DOM updates: messages, the verdict and its details, the recorded take. No logic about audio here.
import { drawSpectrogram, drawTimeline, drawWaveform } from './draw.js';

const $ = (id) => document.getElementById(id);

export function showError(message) {
  const el = $('error');
  el.textContent = message;
  el.hidden = false;
}

export function clearError() {
  const el = $('error');
  el.textContent = '';
  el.hidden = true;
}

export function setStatus(text) {
  $('status').textContent = text || '';
}

export function setBusy(busy) {
  document.body.classList.toggle('busy', busy);
  $('file-input').disabled = busy;
  $('model').disabled = busy;
}

export function setModelProgress(fraction, text) {
  const bar = $('model-progress');
  if (fraction === undefined) {
    bar.hidden = true;
  } else {
    bar.hidden = false;
    if (fraction === null) bar.removeAttribute('value'); // indeterminate: size unknown
    else bar.value = fraction;
  }
  $('model-status').textContent = text || '';
}

export function setMinSeconds(seconds) {
  $('min-seconds').textContent = String(seconds);
}

export function setRecording(on, maxSeconds) {
  $('record').disabled = on;
  $('stop').disabled = !on;
  document.body.classList.toggle('recording', on);
  $('max-duration').textContent = on ? `(stops by itself at ${maxSeconds} s)` : '';
  if (on) $('stop').focus();
}

export function setLevel(peak) {
  $('level').value = Math.min(1, peak);
}

export function setElapsed(seconds) {
  $('elapsed').textContent = `${seconds.toFixed(1)} s`;
}

export function showTake(wavBytes) {
  const url = URL.createObjectURL(new Blob([wavBytes], { type: 'audio/wav' }));
  const audio = $('take-audio');
  const link = $('take-download');
  if (audio.src) URL.revokeObjectURL(audio.src);
  audio.src = url;
  link.href = url;
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  link.download = `heartsound-${stamp}.wav`;
  $('take').hidden = false;
}

function describeSource(source, audio) {
  const secs = `${audio.seconds.toFixed(1)} s`;
  if (audio.info) {
    const i = audio.info;
    return `${source} · ${secs} · WAV ${i.sample_rate} Hz, ${i.channels} ch, ${i.bits}-bit`
      + (i.truncated ? ' (file was truncated: decoded what was there)' : '');
  }
  return `${source} · ${secs} · ${audio.sampleRate} Hz`;
}

// Which seconds looked abnormal, in words (the canvas alone is not accessible). Overlapping abnormal
// windows are merged into stretches of time.
function timelineText(windows, threshold) {
  const bad = windows.filter((w) => w.p >= threshold).sort((a, b) => a.t0 - b.t0);
  if (!windows.length) return '';
  if (!bad.length) return `None of the ${windows.length} windows looked abnormal.`;
  const spans = [];
  for (const w of bad) {
    const last = spans[spans.length - 1];
    if (last && w.t0 <= last[1]) last[1] = Math.max(last[1], w.t1);
    else spans.push([w.t0, w.t1]);
  }
  const text = spans.map(([a, b]) => `${a.toFixed(1)}–${b.toFixed(1)} s`).join(', ');
  return `${bad.length} of ${windows.length} windows looked abnormal, covering ${text}.`;
}

export function clearResult() {
  const v = $('verdict');
  v.className = 'verdict';
  v.removeAttribute('data-label');
  v.removeAttribute('data-p-abnormal');
  v.textContent = 'Analysing…';
  for (const id of ['details', 'timeline-figure', 'waveform-figure', 'spectrogram-figure']) $(id).hidden = true;
}

// Shows what the worker returned: always the signal and its features; the verdict when there is one.
export function showAnalysis({ audio, features, result, classifyNote }, source, { focus = false } = {}) {
  $('waveform-figure').hidden = false;
  drawWaveform($('waveform'), audio.samples, audio.sampleRate);
  $('spectrogram-figure').hidden = false;
  drawSpectrogram($('spectrogram'), features);
  $('source-info').textContent = describeSource(source, audio);
  $('source-info').dataset.seconds = String(audio.seconds); // exact length, for the browser tests

  const v = $('verdict');
  if (!result) {
    v.className = 'verdict none';
    v.removeAttribute('data-label');
    v.removeAttribute('data-p-abnormal');
    v.textContent = classifyNote || 'No verdict.';
    $('details').hidden = false;
    for (const id of ['p-abnormal', 'threshold', 'model-used', 'elapsed-ms']) $(id).textContent = '—';
    $('timeline-figure').hidden = true;
    return;
  }
  v.className = `verdict ${result.label}`;
  v.dataset.label = result.label;
  v.dataset.pAbnormal = String(result.pAbnormal);
  v.textContent = result.label === 'abnormal'
    ? `Abnormal — P(abnormal) ${result.pAbnormal.toFixed(3)} ≥ threshold ${result.threshold.toFixed(3)}`
    : `Normal — P(abnormal) ${result.pAbnormal.toFixed(3)} < threshold ${result.threshold.toFixed(3)}`;
  $('p-abnormal').textContent = result.pAbnormal.toFixed(4);
  $('threshold').textContent = result.threshold.toFixed(4);
  $('model-used').textContent = result.model;
  $('elapsed-ms').textContent = `${result.ms.toFixed(1)} ms (classification in WebAssembly)`;
  $('details').hidden = false;
  $('timeline-figure').hidden = false;
  drawTimeline($('timeline'), result.windows, result.threshold, audio.seconds);
  const text = timelineText(result.windows, result.threshold);
  $('timeline-text').textContent = text;
  $('timeline').setAttribute('aria-label', `Per-window P(abnormal). ${text}`);
  if (focus) v.focus();
}
