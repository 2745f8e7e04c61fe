// The only place that computes: every step runs in heartsound's WASM module (via ./heartsound.js),
// off the main thread so the page stays responsive. The page sends requests {id, op, ...} and gets
// {id, ok, value} / {id, ok: false, error: {code, message}}; model loading also sends {id, progress}.
import * as hs from './heartsound.js';

const classifiers = new Map(); // model name -> Promise<classifier>; loaded once, reused

function errorOf(e) {
  return { code: (e && e.code) || 'HS_ERR_UNKNOWN', message: (e && e.message) || String(e) };
}

// A fresh copy we may transfer: the module might hand out views on the WASM heap, and transferring
// one of those would detach the heap itself.
function ownCopy(f32) {
  return new Float32Array(f32);
}

function fractionOf(p) {
  if (typeof p === 'number') return p;
  if (p && p.total) return p.loaded / p.total;
  return null;
}

function noClassifier() {
  const e = new Error('the classifier is not part of this build yet: showing the signal and its features only.');
  e.code = 'HS_ERR_UNSUPPORTED';
  return e;
}

function loadClassifier(model, id) {
  if (typeof hs.createClassifier !== 'function') return Promise.reject(noClassifier());
  if (!classifiers.has(model)) {
    const onProgress = (p) => self.postMessage({ id, progress: fractionOf(p) });
    const pending = hs.createClassifier({ model, onProgress }).catch((e) => {
      throw e && e.code === 'HS_ERR_UNSUPPORTED' ? noClassifier() : e;
    });
    // A failed load (missing weights, offline) must not stick: the next attempt retries.
    pending.catch(() => classifiers.delete(model));
    classifiers.set(model, pending);
  }
  return classifiers.get(model);
}

function describe(c) {
  return { name: c.name, threshold: c.threshold, minSeconds: c.minSeconds };
}

// Input is either WAV bytes (our C decoder, same errors as the CLI) or PCM the page captured or
// the browser decoded (validated and resampled in C).
async function toAudio(msg) {
  if (msg.wav) {
    const d = await hs.decodeWav(new Uint8Array(msg.wav));
    return { samples: d.samples, sampleRate: d.sampleRate, info: d.info };
  }
  return { samples: msg.pcm.samples, sampleRate: msg.pcm.sampleRate, info: null };
}

async function analyse(msg, id) {
  const audio = await toAudio(msg);
  const feats = await hs.features(audio.samples, audio.sampleRate);
  const out = {
    audio: { samples: ownCopy(audio.samples), sampleRate: audio.sampleRate, info: audio.info,
             seconds: audio.samples.length / audio.sampleRate },
    features: { data: ownCopy(feats.data), frames: feats.frames, mels: feats.mels,
                hopSeconds: feats.hopSeconds, center: feats.params?.center !== 0,
                fmin: feats.params?.fmin, fmax: feats.params?.fmax },
    result: null, model: null, classifyError: null,
  };
  try {
    const c = await loadClassifier(msg.model, id);
    out.model = describe(c);
    const r = await c.classify(audio.samples, audio.sampleRate);
    out.result = { label: r.label, pAbnormal: r.pAbnormal, threshold: r.threshold, model: r.model,
                   ms: r.ms, windows: r.windows.map((w) => ({ t0: w.t0, t1: w.t1, p: w.p })) };
    // The heart-cycle fields (issue 21), passed on as the core gives them when this build has them.
    for (const k of ['reason', 'message', 'heartRateBpm', 'quality', 'cycles']) if (r[k] !== undefined) out.result[k] = r[k];
    if (Array.isArray(r.beats)) out.result.beats = r.beats.map((b) => ({ s1: b.s1, s2: b.s2, end: b.end }));
  } catch (e) {
    // Features are still worth showing when only the verdict failed (too short, no model yet).
    out.classifyError = errorOf(e);
  }
  const transfer = [out.audio.samples.buffer, out.features.data.buffer];
  return { value: out, transfer };
}

const ops = {
  async init() {
    await hs.init();
    return { value: { classifier: typeof hs.createClassifier === 'function' } };
  },
  async loadModel(msg, id) {
    return { value: describe(await loadClassifier(msg.model, id)) };
  },
  analyse,
  async encodeWav(msg) {
    const bytes = await hs.encodeWav(msg.samples, msg.sampleRate);
    const copy = new Uint8Array(bytes);
    return { value: copy, transfer: [copy.buffer] };
  },
};

self.onmessage = async (ev) => {
  const msg = ev.data;
  const op = ops[msg.op];
  try {
    if (!op) throw Object.assign(new Error(`unknown request ${msg.op}`), { code: 'HS_ERR_ARG' });
    const { value, transfer = [] } = await op(msg, msg.id);
    self.postMessage({ id: msg.id, ok: true, value }, transfer);
  } catch (e) {
    self.postMessage({ id: msg.id, ok: false, error: errorOf(e) });
  }
};
