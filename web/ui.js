// DOM updates: messages, the verdict and what goes with it, the recorded take. No logic about audio here;
// the words come from verdict-text.js, the drawings from viewer.js.
import {
  describeVerdict, heartRateText, qualityText, referenceText, timelineText, verdictDetails,
} from './verdict-text.js';

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
  for (const b of document.querySelectorAll('[data-testid=example]')) b.disabled = busy;
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
  const link = $('take-download');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([wavBytes], { type: 'audio/wav' }));
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  link.download = `heartsound-${stamp}.wav`;
  $('take').hidden = false;
}

export function hideTake() {
  $('take').hidden = true;
}

export function setPlaying(on) {
  const b = $('play');
  b.textContent = on ? '❚❚ Pause' : '▶ Play';
  b.setAttribute('aria-pressed', String(on));
}

/** The examples, one button each; their reference label stays hidden until the result is shown. */
export function showExamples(examples, onPick) {
  const list = $('example-list');
  list.replaceChildren();
  for (const ex of examples) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'button';
    b.dataset.testid = 'example';
    b.dataset.name = ex.name;
    const title = document.createElement('span');
    title.textContent = ex.title;
    const sub = document.createElement('small');
    sub.textContent = `${ex.seconds.toFixed(0)} s · ${ex.subset.replace('training-', 'hospital set ')}`;
    b.append(title, sub);
    b.addEventListener('click', () => onPick(ex));
    list.append(b);
  }
  $('examples').hidden = examples.length === 0;
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

function setVerdict(tone, headline, sentence) {
  const v = $('verdict');
  v.className = `verdict ${tone}`;
  $('verdict-headline').textContent = headline;
  $('verdict-sentence').textContent = sentence;
}

export function clearResult(text = 'Analysing…') {
  const v = $('verdict');
  v.removeAttribute('data-label');
  v.removeAttribute('data-p-abnormal');
  setVerdict('', text, '');
  for (const id of ['details', 'vitals', 'reference', 'result-actions', 'listen', 'timeline-figure']) $(id).hidden = true;
}

function showVitals(result) {
  const hr = heartRateText(result);
  const q = qualityText(result);
  const rate = $('heart-rate');
  $('heart-rate-box').hidden = !hr;
  if (hr) {
    rate.textContent = hr;
    rate.dataset.bpm = String(result.heartRateBpm);
  } else {
    delete rate.dataset.bpm;
  }
  $('quality-box').hidden = !q;
  if (q) {
    $('quality').value = q.value;
    $('quality').dataset.quality = String(result.quality);
    $('quality-text').textContent = q.text;
  }
  $('vitals').hidden = !hr && !q;
}

/**
 * Shows what the worker returned: always the signal and its features (in the viewer); the verdict, its
 * numbers, heart rate, quality and timeline when there is a result; the example's reference label after it.
 */
export function showAnalysis({ audio, result, classifyNote, source, reference }, { focus = false } = {}) {
  $('source-info').textContent = describeSource(source, audio);
  $('source-info').dataset.seconds = String(audio.seconds); // exact length, for the browser tests
  $('listen').hidden = false;
  $('result-actions').hidden = false;
  const v = $('verdict');
  const ref = $('reference');
  ref.hidden = !reference;
  if (reference) {
    ref.textContent = referenceText(reference);
    ref.dataset.label = reference;
  }
  if (!result) {
    v.removeAttribute('data-label');
    v.removeAttribute('data-p-abnormal');
    setVerdict('none', classifyNote || 'No verdict.', '');
    $('details').hidden = false;
    for (const id of ['p-abnormal', 'threshold', 'model-used', 'elapsed-ms']) $(id).textContent = '—';
    $('vitals').hidden = true;
    $('timeline-figure').hidden = true;
    $('timeline-text').textContent = '';
    return;
  }
  const words = describeVerdict(result);
  setVerdict(words.tone, words.headline, words.sentence);
  v.dataset.label = result.label;
  if (Number.isFinite(result.pAbnormal)) v.dataset.pAbnormal = String(result.pAbnormal);
  else v.removeAttribute('data-p-abnormal');
  const rows = Object.fromEntries(verdictDetails(result));
  $('p-abnormal').textContent = rows['P(abnormal)'] ?? '—';
  $('threshold').textContent = rows.Threshold ?? '—';
  $('model-used').textContent = rows.Model ?? '—';
  $('elapsed-ms').textContent = rows.Time ?? '—';
  $('details').hidden = false;
  showVitals(result);
  // No per-window colours for "unsure": the core gave no verdict, red bars would contradict it.
  const hasWindows = Array.isArray(result.windows) && result.windows.length > 0 && result.label !== 'unsure';
  $('timeline-figure').hidden = !hasWindows;
  const text = hasWindows ? timelineText(result.windows, result.threshold) : '';
  $('timeline-text').textContent = text;
  $('timeline').setAttribute('aria-label', `Per-window P(abnormal). ${text}`);
  if (focus) v.focus();
}
