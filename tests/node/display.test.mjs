// The page's pure display modules, run in Node: web/verdict-text.js (the words for a result, including the
// heart-cycle fields of issue 21 and the "unsure" state) and web/view.js (zoom, pan, follow, ticks, which
// cycles are marked). No DOM, no WASM: these only format and place what the core returned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  certainty, clockText, describeVerdict, heartRateText, qualityText, referenceText, timelineText, verdictDetails,
} from '../../web/verdict-text.js';
import {
  BEAT_SPAN, MARKS_MAX_SPAN, MIN_SPAN, clampView, followView, fullView, isWhole, panView, span, ticks, timeToX,
  viewAround, visibleBeats, xToTime, zoomView,
} from '../../web/view.js';

const windows = (ps) => ps.map((p, i) => ({ t0: i, t1: i + 6, p }));

test('verdict words: normal and abnormal in plain language, the label decided by the core', () => {
  const normal = describeVerdict({ label: 'normal', pAbnormal: 0.041, threshold: 0.208, windows: windows([0.01, 0.05, 0.3]) });
  assert.equal(normal.tone, 'normal');
  assert.equal(normal.headline, 'Looks normal');
  assert.match(normal.sentence, /well below the line of 0\.21; 2 of 3 stretches sounded normal\./);
  assert.doesNotMatch(normal.sentence, /borderline/);

  const abnormal = describeVerdict({ label: 'abnormal', pAbnormal: 0.97, threshold: 0.208, windows: windows([0.9, 0.99]) });
  assert.equal(abnormal.tone, 'abnormal');
  assert.equal(abnormal.headline, 'Possible abnormality — consider a check-up');
  assert.match(abnormal.sentence, /well above the line of 0\.21; 2 of 2 stretches sounded abnormal\./);
  assert.match(abnormal.sentence, /Only a clinician/);

  // Near the line it says so; the words follow the core's label even when p is on the "wrong" side
  // (the core may decide with a rule of its own).
  const close = describeVerdict({ label: 'abnormal', pAbnormal: 0.22, threshold: 0.208, windows: [] });
  assert.match(close.sentence, /only just above .*borderline result/);
  assert.doesNotMatch(close.sentence, /stretches/, 'no window count without windows');
});

test('certainty is the margin relative to the room on that side of the threshold', () => {
  assert.equal(certainty(0.0, 0.2), 'clear');
  assert.equal(certainty(0.09, 0.2), 'clear');      // over half of the room below
  assert.equal(certainty(0.15, 0.2), 'moderate');   // a quarter
  assert.equal(certainty(0.19, 0.2), 'borderline');
  assert.equal(certainty(0.2, 0.2), 'borderline');
  assert.equal(certainty(0.62, 0.2), 'clear');      // over half of the room above
  assert.equal(certainty(0.4, 0.2), 'moderate');
  assert.equal(certainty(0.3, 0.2), 'borderline');
});

test('unsure: the core\'s message becomes the headline and what to do; nothing invented when it is missing', () => {
  const u = describeVerdict({
    label: 'unsure', reason: 'no_heartbeat', pAbnormal: 0.9, threshold: 0.2,
    message: 'No clear heartbeat found: press the microphone firmly on the chest, stay quiet, and try again.',
  });
  assert.equal(u.tone, 'unsure');
  assert.equal(u.headline, 'Unsure — no clear heartbeat found');
  assert.match(u.sentence, /^Press the microphone firmly on the chest, stay quiet, and try again\. No verdict/);
  assert.doesNotMatch(u.headline + u.sentence, /abnormal|normal/i, 'an unsure result names no class');
  const bare = describeVerdict({ label: 'unsure', reason: 'something_new' });
  assert.equal(bare.headline, 'Unsure — no verdict for this recording');
  assert.match(bare.sentence, /press the microphone firmly against the chest, stay quiet/i);
  const plain = describeVerdict({ label: 'unsure', message: 'Too noisy' });
  assert.equal(plain.headline, 'Unsure — no verdict for this recording');
  assert.match(plain.sentence, /^Too noisy\. No verdict/);
  // The reason code is among the numbers.
  assert.deepEqual(verdictDetails({ label: 'unsure', reason: 'too_noisy', model: 'cnn-v5' }),
    [['Reason', 'too_noisy'], ['Model', 'cnn-v5']]);
});

test('details, heart rate, quality, reference label, timeline and clock texts', () => {
  assert.deepEqual(verdictDetails({ label: 'normal', pAbnormal: 0.04123, threshold: 0.20846, model: 'cnn-v5', ms: 7.64 }), [
    ['P(abnormal)', '0.0412'], ['Threshold', '0.2085'], ['Model', 'cnn-v5'], ['Time', '7.6 ms (classification in WebAssembly)'],
  ]);
  assert.equal(heartRateText({ heartRateBpm: 71.6, cycles: 23 }), '72 bpm (23 heart cycles)');
  assert.equal(heartRateText({ heartRateBpm: 71.6 }), '72 bpm');
  assert.equal(heartRateText({}), null);
  assert.equal(heartRateText({ heartRateBpm: NaN }), null, 'NaN from the core (no heart rate) shows nothing');
  assert.equal(heartRateText({ heartRateBpm: 0 }), null);
  assert.deepEqual(qualityText({ quality: 0.824 }), { value: 0.824, text: '82 %' });
  assert.deepEqual(qualityText({ quality: 1.2 }), { value: 1, text: '100 %' });
  assert.equal(qualityText({ quality: null }), null);
  assert.equal(qualityText({}), null);
  assert.equal(referenceText('abnormal'), "The cardiologists' label: abnormal");
  assert.equal(timelineText([], 0.2), '');
  assert.equal(timelineText(windows([0.1, 0.1]), 0.2), 'None of the 2 windows looked abnormal.');
  assert.equal(timelineText([{ t0: 0, t1: 6, p: 0.5 }, { t0: 1, t1: 7, p: 0.6 }, { t0: 10, t1: 16, p: 0.9 }, { t0: 3, t1: 9, p: 0 }], 0.2),
    '3 of 4 windows looked abnormal, covering 0.0–7.0 s, 10.0–16.0 s.');
  assert.equal(clockText(0), '0:00.0');
  assert.equal(clockText(65.44), '1:05.4');
  assert.equal(clockText(-1), '0:00.0');
});

test('view: zoom keeps the anchor in place, clamps to the recording and to the narrowest span', () => {
  const v = fullView(20);
  assert.ok(isWhole(v));
  const z = zoomView(v, 0.5, 5);           // anchor 5 s at a quarter of the screen
  assert.deepEqual([z.t0, z.t1], [2.5, 12.5]);
  assert.ok(Math.abs((5 - z.t0) / span(z) - 0.25) < 1e-12);
  const out = zoomView(z, 4);
  assert.deepEqual([out.t0, out.t1], [0, 20], 'zooming out past the whole recording stops there');
  let n = v;
  for (let i = 0; i < 20; i++) n = zoomView(n, 0.5, 19.9);
  assert.ok(Math.abs(span(n) - MIN_SPAN) < 1e-12 && n.t1 <= 20 + 1e-12, `narrowest ${n.t0}-${n.t1}`);
  const short = clampView({ t0: 0, t1: 0.1, duration: 0.5 });
  assert.deepEqual([short.t0, short.t1], [0, 0.5], 'a recording shorter than the narrowest span is shown whole');
  assert.deepEqual([clampView({ t0: -3, t1: 2, duration: 10 }).t0, clampView({ t0: 9, t1: 14, duration: 10 }).t1], [0, 10]);
});

test('view: pan stays inside; follow turns a page only when the time leaves the view; beats zoom', () => {
  const v = clampView({ t0: 4, t1: 8, duration: 20 });
  assert.deepEqual([panView(v, 2).t0, panView(v, -10).t0, panView(v, 100).t1], [6, 0, 20]);
  assert.equal(followView(v, 5), v, 'inside: unchanged (same object)');
  const f = followView(v, 9);
  assert.ok(Math.abs(f.t0 - 8.6) < 1e-12 && Math.abs(span(f) - 4) < 1e-12, `page turn to ${f.t0}`);
  assert.deepEqual([followView(v, 19.9).t1, followView(v, 1).t0], [20, 0.6]);
  const b = viewAround(fullView(30), 10, BEAT_SPAN);
  assert.deepEqual([b.t0, b.t1], [8, 12]);
  assert.deepEqual([viewAround(fullView(30), 0, BEAT_SPAN).t0, viewAround(fullView(3), 1, BEAT_SPAN).t1], [0, 3]);
});

test('view: pixels <-> seconds, ticks at round steps with room between them', () => {
  const v = clampView({ t0: 2, t1: 6, duration: 20 });
  assert.equal(timeToX(v, 3, 400), 100);
  assert.equal(xToTime(v, 100, 400), 3);
  assert.deepEqual(ticks(v, 400), [2, 3, 4, 5, 6]);           // 100 px per second: 1 s steps
  assert.deepEqual(ticks(fullView(35), 700), [0, 5, 10, 15, 20, 25, 30, 35]);
  const fine = ticks(clampView({ t0: 0.95, t1: 1.95, duration: 5 }), 1000); // 1000 px per second: 0.1 s
  assert.deepEqual(fine, [1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9]);
  assert.deepEqual(ticks(v, 0), []);
});

test('beat marks: the core\'s cycles inside the view, only when zoomed in enough to see them', () => {
  const beats = [{ s1: 0.1, s2: 0.4, end: 0.9 }, { s1: 0.9, s2: 1.2, end: 1.7 }, { s1: 5, s2: 5.3, end: 5.8 }, { s1: NaN }];
  assert.deepEqual(visibleBeats(clampView({ t0: 1, t1: 4, duration: 30 }), beats), [beats[1]]);
  assert.deepEqual(visibleBeats(fullView(30), beats), [], `no marks beyond ${MARKS_MAX_SPAN} s`);
  assert.deepEqual(visibleBeats(clampView({ t0: 0, t1: 6, duration: 30 }), beats), beats.slice(0, 3));
  assert.deepEqual(visibleBeats(clampView({ t0: 0, t1: 6, duration: 30 }), undefined), []);
});
