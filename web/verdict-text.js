// Words for what the classifier returned: the verdict in plain language, the numbers behind it, heart rate,
// signal quality, the reference label of an example, the timeline in words. Pure functions of the result
// (no DOM), so Node can test them; nothing here decides anything -- label, p, threshold, heart rate,
// quality and reason all come from the C core as they are.

const num = (x) => typeof x === 'number' && Number.isFinite(x);

// When the core's message has no advice of its own (or there is no message).
const DEFAULT_ADVICE = 'Press the microphone firmly against the chest, stay quiet and still, and try again.';

const capital = (t) => t.charAt(0).toUpperCase() + t.slice(1);
const lower = (t) => t.charAt(0).toLowerCase() + t.slice(1);

/** How far p is from the threshold, as words: the margin relative to the room on that side of the line. */
export function certainty(p, threshold) {
  const margin = p >= threshold ? (p - threshold) / Math.max(1e-9, 1 - threshold) : (threshold - p) / Math.max(1e-9, threshold);
  if (margin >= 0.5) return 'clear';
  if (margin >= 0.2) return 'moderate';
  return 'borderline';
}

function windowsAbnormal(windows, threshold) {
  return windows.filter((w) => w.p >= threshold).length;
}

/**
 * The verdict for people: {tone: 'normal'|'abnormal'|'unsure', headline, sentence}.
 * `result` is what the worker passes on from classify(): label, pAbnormal, threshold, windows, and (with the
 * heart-cycle segmentation) reason/message when the label is 'unsure'.
 */
export function describeVerdict(result) {
  if (result.label === 'unsure') {
    // The core's messages read "what was found: what to do." (issue 21); the first part becomes the headline.
    const message = result.message ? String(result.message).trim() : '';
    const colon = message.indexOf(':');
    const what = colon > 0 ? lower(message.slice(0, colon).trim()) : 'no verdict for this recording';
    let advice = colon > 0 ? capital(message.slice(colon + 1).trim()) : message;
    if (!advice) advice = DEFAULT_ADVICE;
    if (!/[.!?]$/.test(advice)) advice += '.';
    return { tone: 'unsure', headline: `Unsure — ${what}`, sentence: `${advice} No verdict is given on this recording.` };
  }
  const { pAbnormal: p, threshold: t } = result;
  const windows = result.windows ?? [];
  const bad = windowsAbnormal(windows, t);
  const how = certainty(p, t);
  const score = `its score ${p.toFixed(2)} is ${{ clear: 'well', moderate: '', borderline: 'only just' }[how]}`
    .replace(/ +/g, ' ').trim();
  const stretches = windows.length ? `; ${result.label === 'abnormal' ? bad : windows.length - bad} of `
    + `${windows.length} stretches sounded ${result.label}` : '';
  if (result.label === 'abnormal') {
    return {
      tone: 'abnormal',
      headline: 'Possible abnormality — consider a check-up',
      sentence: `It sounds like the recordings of heart patients the model learned from: ${score} above the `
        + `line of ${t.toFixed(2)}${stretches}`
        + (how === 'borderline' ? ', so this is a borderline result.' : '.')
        + ' Only a clinician can tell what it means.',
    };
  }
  return {
    tone: 'normal',
    headline: 'Looks normal',
    sentence: `It sounds like the normal recordings the model learned from: ${score} below the line of `
      + `${t.toFixed(2)}${stretches}`
      + (how === 'borderline' ? ', so this is a borderline result.' : '.')
      + ' It cannot rule anything out.',
  };
}

/** The numbers behind a verdict, for the details line: [[term, value], ...]. */
export function verdictDetails(result) {
  const rows = [];
  if (num(result.pAbnormal)) rows.push(['P(abnormal)', result.pAbnormal.toFixed(4)]);
  if (num(result.threshold)) rows.push(['Threshold', result.threshold.toFixed(4)]);
  if (result.label === 'unsure' && result.reason) rows.push(['Reason', String(result.reason)]);
  if (result.model) rows.push(['Model', result.model]);
  if (num(result.ms)) rows.push(['Time', `${result.ms.toFixed(1)} ms (classification in WebAssembly)`]);
  return rows;
}

/** "72 bpm" from the core's heart rate, or null when there is none. */
export function heartRateText(result) {
  if (!num(result.heartRateBpm) || result.heartRateBpm <= 0) return null;
  const bpm = Math.round(result.heartRateBpm);
  const cycles = Number.isInteger(result.cycles) && result.cycles > 0 ? ` (${result.cycles} heart cycles)` : '';
  return `${bpm} bpm${cycles}`;
}

/** Signal quality from the core, 0..1: {value, text} or null. */
export function qualityText(result) {
  if (!num(result.quality)) return null;
  const value = Math.min(1, Math.max(0, result.quality));
  return { value, text: `${Math.round(value * 100)} %` };
}

/** The reference label of an example, once its result is shown. */
export function referenceText(label) {
  return `The cardiologists' label: ${label}`;
}

/** Which seconds looked abnormal, in words; overlapping abnormal windows merge into stretches of time. */
export function timelineText(windows, threshold) {
  if (!windows.length) return '';
  const bad = windows.filter((w) => w.p >= threshold).sort((a, b) => a.t0 - b.t0);
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

/** "m:ss.s" below an hour of audio, for the position readout. */
export function clockText(seconds) {
  const s = Math.max(0, seconds);
  const m = Math.floor(s / 60);
  const rest = (s - 60 * m).toFixed(1).padStart(4, '0');
  return `${m}:${rest}`;
}
