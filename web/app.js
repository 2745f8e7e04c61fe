// The page's control flow: input (file, drop, microphone) -> worker (WASM) -> what is shown.
import { startEngine } from './engine.js';
import { createPlayer } from './player.js';
import { startRecording } from './recorder.js';
import { saveReport } from './report.js';
import { missingSupport } from './support.js';
import * as ui from './ui.js';
import { createViewer } from './viewer.js';

// A take stops by itself after this long; ?max=SECONDS overrides it (1..600), e.g. for a quick demo.
const MAX_RECORD_SECONDS = (() => {
  const v = Number(new URLSearchParams(location.search).get('max'));
  return Number.isFinite(v) && v >= 1 && v <= 600 ? v : 120;
})();
const MODEL_LABELS = { cnn: 'CNN', yamnet: 'YAMNet head' };

const state = {
  engine: null,
  model: 'cnn',
  models: {},        // model -> {name, threshold, minSeconds} once loaded
  lastInput: null,   // re-analysed when the model changes
  lastShown: null,   // what the viewer, the player and the saved PNG show
  examples: [],
  player: null,
  viewer: null,
  precached: false,  // examples handed to the service worker for offline use
  recording: null,
  busy: false,
  modelStatus: '',   // shown again when loading another model fails
};

const $ = (id) => document.getElementById(id);
const seconds = (s) => String(Number(s.toFixed(1)));

// ---------------------------------------------------------------- messages

function minSecondsText() {
  const m = state.models[state.model];
  return m ? `${seconds(m.minSeconds)} s` : 'a few seconds';
}

// Turns a heartsound error code into a message a person can act on.
function messageFor(e, name) {
  switch (e.code) {
    case 'HS_ERR_TOO_SHORT':
      return `"${name}" is too short for the ${MODEL_LABELS[state.model]} model: it needs at least `
        + `${minSecondsText()} of heart sound. Record or load a longer one.`;
    case 'HS_ERR_SILENT':
      return `"${name}" is silent (a constant signal): nothing to classify. Check the microphone and `
        + 'its placement, then try again.';
    case 'HS_ERR_EMPTY':
      return `"${name}" contains no audio samples.`;
    case 'HS_ERR_WAV_TOO_LONG':
      return `"${name}" is longer than 3 hours, the most heartsound accepts. Trim it first.`;
    case 'HS_ERR_ENGINE':
      return e.message;
    default:
      if (e.code && e.code.startsWith('HS_ERR_WAV')) {
        return `"${name}" could not be read as a WAV file: ${e.message} (${e.code}). `
          + 'The file may be corrupt or use an unsupported encoding.';
      }
      return `"${name}" could not be analysed: ${e.message}${e.code ? ` (${e.code})` : ''}.`;
  }
}

// ---------------------------------------------------------------- analysis

// Synchronous on purpose: called straight from the event, so the old result is gone at once.
function begin(name) {
  state.busy = true;
  state.player?.unload();
  ui.setBusy(true);
  ui.clearError();
  ui.clearResult();
  ui.setStatus(`Analysing ${name}…`);
}

function end() {
  state.busy = false;
  ui.setBusy(false);
}

// Callers have called begin().
async function analyse(input) {
  try {
    const out = input.kind === 'wav'
      ? await state.engine.analyseWav(input.bytes.slice(0), state.model)
      : await state.engine.analysePcm(input.samples.slice(), input.sampleRate, state.model);
    let classifyNote = null;
    if (out.classifyError) {
      const e = out.classifyError;
      if (e.code === 'HS_ERR_UNSUPPORTED') {
        classifyNote = `No verdict: ${e.message}`;
      } else {
        classifyNote = 'No verdict (see the message above).';
        ui.showError(messageFor(e, input.name));
      }
    }
    if (out.model) state.models[state.model] = out.model;
    state.lastShown = { ...out, classifyNote, source: input.name, reference: input.reference ?? null };
    ui.showAnalysis(state.lastShown, { focus: true });
    state.viewer.show(state.lastShown);
    state.player.load(out.audio.samples, out.audio.sampleRate);
    ui.setStatus(out.result ? `Done: ${input.name}` : '');
    if (out.result) precacheExamples();
  } catch (e) {
    state.lastShown = null;
    ui.clearResult('No result.');
    ui.showError(messageFor(e, input.name));
    ui.setStatus('');
  } finally {
    end();
  }
}

function looksLikeWav(bytes, file) {
  const tag = String.fromCharCode(...new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength)));
  return tag === 'RIFF' || tag === 'RF64' || /\.wav$/i.test(file.name) || /wav/i.test(file.type);
}

// Non-WAV formats: the browser decodes them to PCM; heartsound resamples and checks that PCM in C.
async function decodeWithBrowser(bytes) {
  const Offline = window.OfflineAudioContext || window.webkitOfflineAudioContext;
  const ctx = new Offline(1, 1, 48000);
  const buf = await ctx.decodeAudioData(bytes);
  // Channels averaged to mono, as heartsound's WAV decoder does.
  const mono = new Float32Array(buf.length);
  for (let c = 0; c < buf.numberOfChannels; c++) {
    const ch = buf.getChannelData(c);
    for (let i = 0; i < ch.length; i++) mono[i] += ch[i] / buf.numberOfChannels;
  }
  return { samples: mono, sampleRate: buf.sampleRate };
}

async function handleFile(file) {
  if (!file || state.busy) return;
  if (state.recording) {
    ui.showError('Stop the recording before loading a file.');
    return;
  }
  begin(file.name);
  ui.hideTake();
  const bytes = await file.arrayBuffer();
  if (looksLikeWav(bytes, file)) {
    state.lastInput = { kind: 'wav', bytes, name: file.name };
  } else {
    try {
      const pcm = await decodeWithBrowser(bytes.slice(0));
      state.lastInput = { kind: 'pcm', ...pcm, name: file.name };
    } catch {
      ui.clearResult('No result.');
      ui.setStatus('');
      ui.showError(`"${file.name}" is not an audio file this browser can decode, or it is corrupt. `
        + 'Use WAV, or MP3, M4A, OGG or FLAC recorded at 3 kHz or more (browsers do not decode '
        + 'compressed audio below that rate; save such recordings as WAV).');
      end();
      return;
    }
  }
  await analyse(state.lastInput);
}

// ---------------------------------------------------------------- examples

// The list is tiny and comes with the page; each recording is fetched only when chosen.
async function loadExamples() {
  try {
    const res = await fetch('examples/examples.json');
    if (!res.ok) return;
    state.examples = (await res.json()).examples ?? [];
  } catch {
    return; // offline before the first visit cached it: the section stays hidden
  }
  ui.showExamples(state.examples, onExample);
  ui.setBusy(state.busy);
}

function exampleName(ex) {
  const clip = ex.clip ? `, ${ex.clip.start}–${ex.clip.end} s of ${ex.clip.of.toFixed(1)} s` : '';
  return `${ex.title} (PhysioNet ${ex.record}${clip})`;
}

// The network (through the service worker when it controls the page), else the offline copy directly.
async function fetchExample(url) {
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return await res.arrayBuffer();
  } catch (e) {
    const hit = 'caches' in window ? await caches.match(url).catch(() => undefined) : undefined;
    if (hit) return hit.arrayBuffer();
    throw e;
  }
}

async function onExample(ex) {
  if (state.busy) return;
  if (state.recording) {
    ui.showError('Stop the recording before trying an example.');
    return;
  }
  const name = exampleName(ex);
  begin(name);
  ui.hideTake();
  let bytes;
  try {
    bytes = await fetchExample(`examples/${ex.file}`);
  } catch (e) {
    ui.clearResult('No result.');
    ui.setStatus('');
    ui.showError(`${ex.title} could not be loaded (${e.message}): examples are fetched when chosen. Check the `
      + 'connection, or load a recording of your own.');
    end();
    return;
  }
  state.lastInput = { kind: 'wav', bytes, name, reference: ex.label };
  await analyse(state.lastInput);
}

// Offline use includes the examples, but they are not part of the first load: once a first result is on
// screen (or the page is left), the service worker is asked to fetch and keep them.
function precacheExamples() {
  if (state.precached || !state.examples.length || !('serviceWorker' in navigator)) return;
  state.precached = true;
  navigator.serviceWorker.ready.then((reg) => reg.active?.postMessage({ type: 'precache-extra' }))
    .catch(() => { state.precached = false; });
}

// ---------------------------------------------------------------- models

async function selectModel(model) {
  const label = MODEL_LABELS[model];
  ui.setModelProgress(null, `Loading the ${label} model…`);
  try {
    const info = await state.engine.loadModel(model, (p) => {
      ui.setModelProgress(p, p === null ? `Loading the ${label} model…`
        : `Loading the ${label} model… ${Math.round(p * 100)} %`);
    });
    state.models[model] = info;
    state.model = model;
    ui.setMinSeconds(seconds(info.minSeconds));
    state.modelStatus = `${info.name} ready (needs ≥ ${seconds(info.minSeconds)} s)`;
    ui.setModelProgress(undefined, state.modelStatus);
    return true;
  } catch (e) {
    if (e.code === 'HS_ERR_UNSUPPORTED' && model === 'cnn') {
      state.model = model;
      state.modelStatus = `No verdicts: ${e.message}`;
      ui.setModelProgress(undefined, state.modelStatus);
      return false;
    }
    ui.setModelProgress(undefined, state.modelStatus);
    const stay = model !== 'cnn' ? ' Staying with the previous model.' : '';
    if (e.code === 'HS_ERR_IO' && /HTTP 404/.test(e.message)) {
      // Sites built without the (third-party) weights simply do not have this model file.
      ui.showError(`The ${label} model is not available on this site (this build does not include its `
        + `weights).${stay}`);
    } else {
      ui.showError(`The ${label} model could not be loaded: ${e.message}${e.code ? ` (${e.code})` : ''}.`
        + stay);
    }
    $('model').value = state.model;
    return false;
  }
}

async function onModelChange() {
  const model = $('model').value;
  if (model === state.model) return;
  ui.clearError();
  ui.setBusy(true);
  const ok = await selectModel(model);
  ui.setBusy(false);
  if (ok && state.lastInput && !state.busy) {
    begin(state.lastInput.name);
    await analyse(state.lastInput);
  }
}

// ---------------------------------------------------------------- microphone

async function finishTake(take) {
  state.recording = null;
  ui.setRecording(false);
  ui.setLevel(0);
  if (!take.samples.length) {
    ui.showError('The recording is empty: no audio arrived from the microphone.');
    return;
  }
  state.lastInput = { kind: 'pcm', samples: take.samples, sampleRate: take.sampleRate,
                      name: 'Microphone recording' };
  begin(state.lastInput.name);
  try {
    ui.showTake(await state.engine.encodeWav(take.samples.slice(), take.sampleRate));
  } catch (e) {
    ui.showError(`The recording could not be saved as WAV: ${e.message}`);
  }
  await analyse(state.lastInput);
}

async function onRecord() {
  if (state.recording || state.busy) return;
  state.player.pause(); // the speaker would be recorded too
  ui.clearError();
  ui.setRecording(true, MAX_RECORD_SECONDS);
  ui.setElapsed(0);
  ui.setStatus('Recording…');
  try {
    state.recording = await startRecording({
      maxSeconds: MAX_RECORD_SECONDS,
      onLevel: ui.setLevel,
      onTick: ui.setElapsed,
      onAutoStop: finishTake,
    });
  } catch (e) {
    state.recording = null;
    ui.setRecording(false);
    ui.setStatus('');
    ui.showError(e.message);
    $('record').focus();
  }
}

async function onStop() {
  if (!state.recording) return;
  $('stop').disabled = true;
  await finishTake(await state.recording.stop());
}

// ---------------------------------------------------------------- wiring

function wireInputs() {
  $('file-input').addEventListener('change', (ev) => {
    handleFile(ev.target.files[0]);
    ev.target.value = ''; // the same file can be chosen again
  });
  const drop = $('drop');
  // The whole page accepts drops, so a near miss does not navigate away to the file.
  document.addEventListener('dragover', (ev) => {
    ev.preventDefault();
    drop.classList.add('over');
  });
  document.addEventListener('dragleave', (ev) => {
    if (!ev.relatedTarget) drop.classList.remove('over');
  });
  document.addEventListener('drop', (ev) => {
    ev.preventDefault();
    drop.classList.remove('over');
    handleFile(ev.dataTransfer.files[0]);
  });
  $('record').addEventListener('click', onRecord);
  $('stop').addEventListener('click', onStop);
  $('model').addEventListener('change', onModelChange);
  $('play').addEventListener('click', () => state.player.toggle());
  $('save').addEventListener('click', onSave);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') precacheExamples();
  });
}

async function onSave() {
  if (!state.lastShown) return;
  try {
    const saved = await saveReport(state.lastShown, state.viewer.view);
    ui.setStatus(`Saved ${saved.name} (made on this device).`);
  } catch (e) {
    ui.showError(`The image could not be made: ${e.message}`);
  }
}

function registerServiceWorker() {
  // Relative URL: the worker's scope is the folder the page is served from (works under a sub-path).
  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('sw.js').catch(() => { /* offline use is a bonus, not required */ });
  }
}

function disableAll() {
  for (const id of ['file-input', 'record', 'stop', 'model']) $(id).disabled = true;
  for (const b of document.querySelectorAll('[data-testid=example]')) b.disabled = true;
  document.body.classList.add('unsupported');
}

async function main() {
  const missing = missingSupport();
  if (missing) {
    ui.showError(missing);
    disableAll();
    return;
  }
  state.engine = startEngine();
  state.player = createPlayer({
    onTime: (t) => state.viewer.setTime(t),
    onState: (on) => ui.setPlaying(on),
  });
  state.viewer = createViewer({
    onSeek: (t) => state.player.seek(t),
    onToggle: () => state.player.toggle(),
  });
  wireInputs();
  const examples = loadExamples();
  try {
    await state.engine.init();
  } catch (e) {
    ui.showError(messageFor(e, 'heartsound'));
    disableAll();
    return;
  }
  await selectModel('cnn');
  await examples;
  document.body.dataset.ready = 'true'; // tests wait for this
  // After the engine and model are in: the worker's first caching then finds them in the HTTP cache
  // (revalidated, not downloaded twice).
  registerServiceWorker();
}

main();
