// "Listen and look": waveform, spectrogram and timeline on one time axis with a playhead across all three.
// Zoom (buttons, +/- keys, ctrl+wheel), pan (drag, swipe, the range slider, horizontal wheel), click or tap
// to seek. The playhead is a keyboard slider (arrows, Page Up/Down, Home/End; +/- zoom, 0 whole, Space
// play/pause). Only drawing and time bookkeeping here: the data are what the worker returned.
import { drawSpectrogram, drawTimeline, drawWaveform, peakOf, prepare, spectrogramImage } from './draw.js';
import { clockText } from './verdict-text.js';
import {
  BEAT_SPAN, MIN_SPAN, clampView, followView, fullView, isWhole, panView, span, timeToX, viewAround, xToTime,
  zoomView,
} from './view.js';

const $ = (id) => document.getElementById(id);
const DRAG_PX = 6; // a press that moves less than this is a click (seek), more is a drag (pan)

export function createViewer({ onSeek, onToggle }) {
  const tracks = $('tracks');
  const head = $('playhead');
  const pan = $('pan');
  let data = null;     // {audio, features, result, image, peak}
  let view = fullView(0);
  let t = 0;
  let drawPending = 0;

  function redraw() {
    drawPending = 0;
    if (!data) return;
    const wave = prepare($('waveform'));
    drawWaveform(wave.g, wave.rect, { samples: data.audio.samples, sampleRate: data.audio.sampleRate, peak: data.peak },
      view, { ratio: wave.ratio, beats: data.result?.beats });
    const spec = prepare($('spectrogram'));
    drawSpectrogram(spec.g, spec.rect, data.image, data.features, view);
    if (data.result && !$('timeline-figure').hidden) {
      const tl = prepare($('timeline'));
      drawTimeline(tl.g, tl.rect, data.result.windows, data.result.threshold, view, { ratio: tl.ratio });
    }
    placeHead();
    syncControls();
  }

  function schedule() {
    if (!drawPending) drawPending = requestAnimationFrame(redraw);
  }

  function setView(v) {
    view = v;
    tracks.dataset.t0 = view.t0.toFixed(3);
    tracks.dataset.t1 = view.t1.toFixed(3);
    schedule();
  }

  function placeHead() {
    const inside = t >= view.t0 - 1e-9 && t <= view.t1 + 1e-9;
    head.style.left = `${Math.min(100, Math.max(0, (timeToX(view, t, 1)) * 100))}%`;
    head.classList.toggle('outside', !inside);
  }

  function syncControls() {
    const whole = isWhole(view);
    $('zoom-in').disabled = span(view) <= Math.min(MIN_SPAN, view.duration) + 1e-9;
    $('zoom-out').disabled = whole;
    $('zoom-fit').disabled = whole;
    pan.disabled = whole;
    pan.max = String(Math.max(0, view.duration - span(view)).toFixed(2));
    pan.value = String(view.t0.toFixed(2));
    pan.setAttribute('aria-valuetext', `showing ${view.t0.toFixed(1)} to ${view.t1.toFixed(1)} s of ${view.duration.toFixed(1)} s`);
    $('view-range').textContent = whole ? 'whole recording'
      : `${view.t0.toFixed(1)}–${view.t1.toFixed(1)} s of ${view.duration.toFixed(1)} s`;
  }

  /** The playhead moved (playback, seek): the view follows it, a page at a time. */
  function setTime(time, { follow = true } = {}) {
    t = Math.min(Math.max(0, time), view.duration);
    head.dataset.t = t.toFixed(3);
    head.setAttribute('aria-valuenow', t.toFixed(1));
    head.setAttribute('aria-valuetext', `${t.toFixed(1)} s of ${view.duration.toFixed(1)} s`);
    $('position').textContent = `${clockText(t)} / ${clockText(view.duration)}`;
    if (follow) {
      const v = followView(view, t);
      if (v !== view) setView(v);
    }
    placeHead();
  }

  const seek = (time) => onSeek(Math.min(Math.max(0, time), view.duration));
  const zoom = (factor, anchor = t) => setView(zoomView(view, factor, anchor));

  // ------------------------------------------------------------ keyboard (on the playhead slider)
  head.addEventListener('keydown', (ev) => {
    if (!data || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const s = span(view);
    const step = Math.max(0.05, s / 20);
    const keys = {
      ArrowRight: () => seek(t + (ev.shiftKey ? s / 4 : step)),
      ArrowUp: () => seek(t + (ev.shiftKey ? s / 4 : step)),
      ArrowLeft: () => seek(t - (ev.shiftKey ? s / 4 : step)),
      ArrowDown: () => seek(t - (ev.shiftKey ? s / 4 : step)),
      PageUp: () => seek(t + s / 2),
      PageDown: () => seek(t - s / 2),
      Home: () => seek(0),
      End: () => seek(view.duration),
      '+': () => zoom(0.5),
      '=': () => zoom(0.5),
      '-': () => zoom(2),
      _: () => zoom(2),
      0: () => setView(fullView(view.duration)),
      ' ': () => onToggle(),
      k: () => onToggle(),
    };
    const fn = keys[ev.key];
    if (!fn) return;
    ev.preventDefault();
    fn();
  });

  // ------------------------------------------------------------ pointer: click/tap seeks, drag pans
  let press = null;
  tracks.addEventListener('pointerdown', (ev) => {
    if (!data || ev.button !== 0) return;
    const box = tracks.getBoundingClientRect();
    press = { id: ev.pointerId, x: ev.clientX, view, width: box.width, left: box.left, dragging: false,
              scrub: ev.target === head };
    tracks.setPointerCapture(ev.pointerId);
  });
  tracks.addEventListener('pointermove', (ev) => {
    if (!press || ev.pointerId !== press.id) return;
    const dx = ev.clientX - press.x;
    if (press.scrub) {
      seek(xToTime(view, ev.clientX - press.left, press.width));
      return;
    }
    if (!press.dragging && Math.abs(dx) < DRAG_PX) return;
    press.dragging = true;
    tracks.classList.add('dragging');
    setView(panView(press.view, (-dx / press.width) * span(press.view)));
  });
  const release = (ev) => {
    if (!press || ev.pointerId !== press.id) return;
    const p = press;
    press = null;
    tracks.classList.remove('dragging');
    if (ev.type === 'pointerup' && !p.dragging) {
      seek(xToTime(view, ev.clientX - p.left, p.width));
      head.focus({ preventScroll: true }); // the keyboard carries on from here
    }
  };
  tracks.addEventListener('pointerup', release);
  tracks.addEventListener('pointercancel', release);
  tracks.addEventListener('wheel', (ev) => {
    if (!data) return;
    const box = tracks.getBoundingClientRect();
    if (ev.ctrlKey || ev.metaKey) {
      ev.preventDefault();
      zoom(ev.deltaY > 0 ? 1.25 : 0.8, xToTime(view, ev.clientX - box.left, box.width));
    } else if (Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) {
      ev.preventDefault();
      setView(panView(view, (ev.deltaX / box.width) * span(view)));
    }
  }, { passive: false });

  // ------------------------------------------------------------ buttons and the pan slider
  $('zoom-in').addEventListener('click', () => zoom(0.5));
  $('zoom-out').addEventListener('click', () => zoom(2));
  $('zoom-fit').addEventListener('click', () => setView(fullView(view.duration)));
  $('zoom-beats').addEventListener('click', () => setView(viewAround(view, t, BEAT_SPAN)));
  pan.addEventListener('input', () => {
    const s = span(view);
    setView(clampView({ t0: Number(pan.value), t1: Number(pan.value) + s, duration: view.duration }));
  });
  new ResizeObserver(() => schedule()).observe(tracks);

  return {
    /** Shows a new analysis, the whole recording in view, playhead at 0. */
    show({ audio, features, result }) {
      data = { audio, features, result, image: spectrogramImage(features), peak: peakOf(audio.samples) };
      tracks.dataset.duration = audio.seconds.toFixed(3);
      $('waveform').setAttribute('aria-label', `Waveform, ${audio.seconds.toFixed(1)} s at ${audio.sampleRate} Hz`);
      $('spectrogram').setAttribute('aria-label', `Log-mel spectrogram: ${features.frames} frames of `
        + `${features.mels} mel bands, ${(features.frames * features.hopSeconds).toFixed(1)} s`);
      head.setAttribute('aria-valuemax', audio.seconds.toFixed(1));
      view = fullView(audio.seconds);
      setView(view);
      setTime(0);
    },
    clear() {
      data = null;
      delete tracks.dataset.duration;
    },
    setTime,
    redraw: schedule,
    get view() { return view; },
    get data() { return data; },
  };
}
