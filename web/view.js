// The visible stretch of a recording, [t0, t1] seconds of `duration`: zoom, pan, follow the playhead, axis
// ticks, and which heart cycles fall inside. Pure functions on plain objects (no DOM), tested in Node.

export const MIN_SPAN = 1;         // s: about one heartbeat at the narrowest
export const BEAT_SPAN = 4;        // s: the "beats" zoom, a few cycles side by side
export const MARKS_MAX_SPAN = 12;  // s: S1/S2 marks are drawn up to this span (beyond, they are a smear)

export function fullView(duration) {
  const d = Math.max(0, duration);
  return { t0: 0, t1: d, duration: d };
}

// Keeps the span within [min(MIN_SPAN, duration), duration] and the stretch inside the recording.
export function clampView({ t0, t1, duration }) {
  const d = Math.max(0, duration);
  let span = Math.min(d, Math.max(Math.min(MIN_SPAN, d), t1 - t0));
  let a = Math.min(Math.max(0, t0), d - span);
  if (!Number.isFinite(a)) a = 0;
  if (!Number.isFinite(span)) span = d;
  return { t0: a, t1: a + span, duration: d };
}

export const span = (v) => v.t1 - v.t0;
export const isWhole = (v) => v.t0 <= 1e-9 && v.t1 >= v.duration - 1e-9;

/** Zoom by `factor` (< 1 zooms in) keeping time `anchor` at the same place on screen. */
export function zoomView(v, factor, anchor = (v.t0 + v.t1) / 2) {
  const s = span(v);
  const a = Math.min(v.t1, Math.max(v.t0, anchor));
  const rel = s > 0 ? (a - v.t0) / s : 0.5;
  const ns = s * factor;
  return clampView({ t0: a - rel * ns, t1: a - rel * ns + ns, duration: v.duration });
}

/** A stretch of `seconds` centred on `t` (the "beats" zoom). */
export function viewAround(v, t, seconds) {
  return clampView({ t0: t - seconds / 2, t1: t + seconds / 2, duration: v.duration });
}

export function panView(v, dt) {
  return clampView({ t0: v.t0 + dt, t1: v.t1 + dt, duration: v.duration });
}

/** Moves the view so that `t` is visible: a page turn that puts t a tenth into the view. */
export function followView(v, t) {
  if (t >= v.t0 && t <= v.t1) return v;
  const s = span(v);
  return clampView({ t0: t - 0.1 * s, t1: t + 0.9 * s, duration: v.duration });
}

export function timeToX(v, t, width) {
  const s = span(v);
  return s > 0 ? ((t - v.t0) / s) * width : 0;
}

export function xToTime(v, x, width) {
  return width > 0 ? v.t0 + (x / width) * span(v) : v.t0;
}

const STEPS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];

/** Tick times inside the view, at the smallest round step that leaves at least minPx between ticks. */
export function ticks(v, width, minPx = 56) {
  const s = span(v);
  if (!(s > 0) || !(width > 0)) return [];
  const step = STEPS.find((st) => (st / s) * width >= minPx) ?? STEPS[STEPS.length - 1];
  const out = [];
  // Integer tick counts, so 0.1-steps do not drift (0.30000000000000004).
  for (let k = Math.ceil(v.t0 / step - 1e-9); k * step <= v.t1 + 1e-9; k++) out.push(Number((k * step).toFixed(3)));
  return out;
}

/** Heart cycles ({s1, s2, end}, seconds, from the core) that overlap the view, when it is narrow enough. */
export function visibleBeats(v, beats) {
  if (!Array.isArray(beats) || span(v) > MARKS_MAX_SPAN) return [];
  return beats.filter((b) => b && Number.isFinite(b.s1) && b.s1 <= v.t1 && (Number.isFinite(b.end) ? b.end : b.s1) >= v.t0);
}
