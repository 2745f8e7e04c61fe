// Microphone capture with the Web Audio API: raw PCM at the AudioContext's native rate.
// We never force a sampleRate (Firefox refuses to connect a mic stream to a context of another rate);
// heartsound's C resampler brings it to 2 kHz later.

export class MicError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// Messages a person can act on, per getUserMedia failure.
function micErrorOf(e) {
  switch (e && e.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new MicError('MIC_DENIED', 'Microphone access was denied. Allow the microphone for this '
        + 'site in the browser settings and try again, or load a recording file instead.');
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new MicError('MIC_ABSENT', 'No microphone was found. Connect one and try again, or load a '
        + 'recording file instead.');
    case 'NotReadableError':
    case 'AbortError':
      return new MicError('MIC_BUSY', 'The microphone could not be started (is another application '
        + 'using it?). Try again, or load a recording file instead.');
    default:
      return new MicError('MIC_FAILED', `Recording could not start: ${(e && e.message) || e}`);
  }
}

// Must be called from a user gesture (click): the AudioContext is created and resumed before the
// first await, which iOS Safari requires.
export async function startRecording({ maxSeconds, onLevel, onTick, onAutoStop }) {
  const Ctx = window.AudioContext || window.webkitAudioContext;
  if (!Ctx || !window.AudioWorkletNode) {
    throw new MicError('MIC_UNSUPPORTED', 'This browser cannot record audio here (no Web Audio '
      + 'AudioWorklet). Load a recording file instead.');
  }
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    throw new MicError('MIC_UNSUPPORTED', 'Recording needs a secure page (https:// or localhost) and a '
      + 'browser with microphone access. Load a recording file instead.');
  }
  const ctx = new Ctx();
  const resumed = ctx.resume();

  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
    });
  } catch (e) {
    ctx.close();
    throw micErrorOf(e);
  }

  try {
    await resumed;
    await ctx.audioWorklet.addModule(new URL('recorder-worklet.js', import.meta.url));
  } catch (e) {
    stream.getTracks().forEach((t) => t.stop());
    ctx.close();
    throw new MicError('MIC_FAILED', `Recording could not start: ${(e && e.message) || e}`);
  }

  const source = ctx.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(ctx, 'heartsound-recorder', { numberOfInputs: 1, numberOfOutputs: 1 });
  // A silent path to the destination keeps the graph pulling the worklet in every browser.
  const mute = ctx.createGain();
  mute.gain.value = 0;
  source.connect(node).connect(mute).connect(ctx.destination);

  const sampleRate = ctx.sampleRate;
  const blocks = [];
  let frames = 0;
  let finished = null; // resolves with the take when the last block arrived
  let resolveFinished;
  const done = new Promise((r) => { resolveFinished = r; });

  // A take is never longer than the limit: the frames that arrived while the stop was on its way are
  // dropped, so an automatic stop gives exactly maxSeconds of audio however busy the machine is.
  const maxFrames = Math.round(maxSeconds * sampleRate);
  function assemble() {
    const samples = new Float32Array(Math.min(frames, maxFrames));
    let at = 0;
    for (const b of blocks) {
      if (at >= samples.length) break;
      const part = b.length <= samples.length - at ? b : b.subarray(0, samples.length - at);
      samples.set(part, at);
      at += part.length;
    }
    return { samples, sampleRate };
  }

  function teardown() {
    source.disconnect();
    node.disconnect();
    stream.getTracks().forEach((t) => t.stop());
    ctx.close();
  }

  function stop() {
    if (!finished) {
      finished = done.then((take) => { teardown(); return take; });
      node.port.postMessage('flush');
    }
    return finished;
  }

  node.port.onmessage = (ev) => {
    const { block, peak, last } = ev.data;
    blocks.push(block);
    frames += block.length;
    if (onLevel) onLevel(peak);
    if (onTick) onTick(frames / sampleRate);
    if (last) resolveFinished(assemble());
    else if (!finished && frames >= maxFrames) {
      stop().then((take) => onAutoStop && onAutoStop(take));
    }
  };

  return { stop, sampleRate };
}
