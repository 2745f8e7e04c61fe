// Playback of a loaded recording (file, example or microphone take) with the Web Audio API, and the current
// position for the playhead. The samples are played as decoded; the browser's own resampler turns them into
// the output rate. Browsers do not make AudioBuffers below 3-8 kHz, and the PhysioNet recordings are 2 kHz:
// such samples go into a buffer labelled k times faster, played at rate 1/k -- the same speed and pitch, the
// browser's playback interpolation doing the rate change (no signal processing here).

const MIN_BUFFER_RATE = 8000; // the lowest rate every current browser accepts for an AudioBuffer

export function bufferRateFor(sampleRate) {
  const k = sampleRate >= MIN_BUFFER_RATE ? 1 : Math.ceil(MIN_BUFFER_RATE / sampleRate);
  return { rate: sampleRate * k, playbackRate: 1 / k };
}

export function createPlayer({ onTime, onState }) {
  let ctx = null;
  let clip = null;      // {samples, sampleRate, duration}
  let buffer = null;    // AudioBuffer of clip, made on first play
  let source = null;
  let startedAt = 0;    // ctx.currentTime when playback (re)started
  let offset = 0;       // seconds into the recording at startedAt
  let raf = 0;

  const playing = () => source !== null;
  const position = () => (playing() ? Math.min(clip.duration, offset + (ctx.currentTime - startedAt)) : offset);

  function tick() {
    if (!playing()) return;
    const t = position();
    onTime?.(t);
    if (t >= clip.duration) { stopSource(); offset = clip.duration; onTime?.(offset); onState?.(false); return; }
    raf = requestAnimationFrame(tick);
  }

  function stopSource() {
    cancelAnimationFrame(raf);
    if (source) {
      source.onended = null;
      try { source.stop(); } catch { /* already stopped */ }
      source.disconnect();
      source = null;
    }
  }

  // Must run inside a user gesture the first time (autoplay rules, iOS): creates and resumes the context.
  function ensureContext() {
    if (!ctx) {
      const Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) throw new Error('This browser cannot play audio here (no Web Audio).');
      ctx = new Ctx();
    }
    if (ctx.state === 'suspended') ctx.resume();
    return ctx;
  }

  function makeBuffer() {
    const { rate, playbackRate } = bufferRateFor(clip.sampleRate);
    const b = ctx.createBuffer(1, Math.max(1, clip.samples.length), rate);
    b.copyToChannel(clip.samples, 0);
    return { b, playbackRate };
  }

  function start(at) {
    stopSource();
    if (!buffer) buffer = makeBuffer();
    offset = Math.min(Math.max(0, at), clip.duration);
    const node = ctx.createBufferSource();
    node.buffer = buffer.b;
    node.playbackRate.value = buffer.playbackRate;
    node.connect(ctx.destination);
    // Offsets are in buffer time, which runs k times faster than the recording.
    node.start(0, offset * buffer.playbackRate);
    node.onended = () => { if (source === node) { offset = position(); stopSource(); onTime?.(offset); onState?.(false); } };
    source = node;
    startedAt = ctx.currentTime;
    onState?.(true);
    raf = requestAnimationFrame(tick);
  }

  return {
    /** A new recording: stops playback, playhead at 0. */
    load(samples, sampleRate) {
      stopSource();
      clip = { samples, sampleRate, duration: samples.length / sampleRate };
      buffer = null;
      offset = 0;
      onState?.(false);
      onTime?.(0);
    },
    unload() { stopSource(); clip = null; buffer = null; offset = 0; onState?.(false); },
    get loaded() { return clip !== null; },
    get playing() { return playing(); },
    get duration() { return clip ? clip.duration : 0; },
    time: () => (clip ? position() : 0),
    play() {
      if (!clip) return;
      ensureContext();
      start(offset >= clip.duration - 1e-3 ? 0 : offset); // at the end: play again from the start
    },
    pause() { if (playing()) { offset = position(); stopSource(); onTime?.(offset); onState?.(false); } },
    toggle() { if (playing()) this.pause(); else this.play(); },
    seek(t) {
      if (!clip) return;
      const to = Math.min(Math.max(0, t), clip.duration);
      if (playing()) start(to); else { offset = to; onTime?.(to); }
    },
  };
}
