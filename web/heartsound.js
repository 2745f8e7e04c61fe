// heartsound JS API: one ES module for pages, Web Workers and Node 20.
// It loads the Emscripten core that sits next to it (heartsound-core.js + heartsound-core.wasm) and only
// marshals arrays in and out of the wasm heap; every bit of DSP and model logic is C (src/wasm/binding.c).

const IS_NODE = typeof process === 'object' && typeof process.versions?.node === 'string'
  && typeof window === 'undefined' && typeof importScripts === 'undefined';

const MODEL_FILES = { cnn: 'models/cnn.hsm', yamnet: 'models/yamnet.hsm' };

/** Error from the C core: .code is the C status name ('HS_ERR_WAV_NOT_RIFF', ...), .message its text. */
export class HeartsoundError extends Error {
  constructor(code, message) {
    super(message ?? code);
    this.name = 'HeartsoundError';
    this.code = code;
  }
}

let corePromise = null;

/** Loads the wasm module once; every other function awaits it. Resolves to nothing useful for callers. */
export async function init() {
  if (!corePromise) {
    corePromise = loadCore();
    corePromise.catch(() => { corePromise = null; }); // a failed load (e.g. offline) may be retried
  }
  await corePromise;
}

async function core() {
  await init();
  return corePromise;
}

async function loadCore() {
  const { default: createCore } = await import(new URL('./heartsound-core.js', import.meta.url).href);
  const wasmUrl = new URL('./heartsound-core.wasm', import.meta.url);
  // Node 20's fetch cannot read file: URLs, so hand the glue the bytes ourselves; browsers fetch next to us.
  const opts = IS_NODE
    ? { wasmBinary: await (await import('node:fs/promises')).readFile(wasmUrl) }
    : { locateFile: (name) => new URL(name, import.meta.url).href };
  return createCore(opts);
}

// ------------------------------------------------------------------ heap marshalling

function statusError(M, st) {
  return new HeartsoundError(M.UTF8ToString(M._hsw_status_name(st)), M.UTF8ToString(M._hsw_status_message(st)));
}

function check(M, st) {
  if (st !== 0) throw statusError(M, st);
}

function malloc(M, bytes) {
  const p = M._malloc(Math.max(bytes, 1));
  if (!p) throw new HeartsoundError('HS_ERR_NOMEM', 'out of memory');
  return p;
}

// Views are taken fresh every time: the heap may grow (and move) during any call into C.
const u32 = (M, p) => M.HEAPU32[p >>> 2];
const i32 = (M, p) => M.HEAPU32[p >>> 2] | 0;
const f64 = (M, p, i = 0) => M.HEAPF64[(p >>> 3) + i];

function toFloat32(samples) {
  if (samples instanceof Float32Array) return samples;
  if (samples && typeof samples.length === 'number') return Float32Array.from(samples);
  throw new HeartsoundError('HS_ERR_ARG', 'samples must be a Float32Array');
}

function toBytes(bytes) {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  if (ArrayBuffer.isView(bytes)) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  throw new HeartsoundError('HS_ERR_ARG', 'bytes must be a Uint8Array or ArrayBuffer');
}

function checkRate(sampleRate) {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
    throw new HeartsoundError('HS_ERR_ARG', `sampleRate must be a positive integer, got ${sampleRate}`);
  }
}

// Runs fn(M, heap) with a scratch area of `slots` 8-byte output slots and frees every pointer
// registered with heap.own(p) afterwards, whatever happens.
function withHeap(M, slots, fn) {
  const owned = [];
  const scratch = malloc(M, slots * 8);
  M.HEAPU8.fill(0, scratch, scratch + slots * 8);
  owned.push(scratch);
  const heap = {
    slot: (i) => scratch + 8 * i,
    own: (p) => { if (p) owned.push(p); return p; },
    copyIn(typed) {
      const p = heap.own(malloc(M, typed.byteLength));
      M.HEAPU8.set(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength), p);
      return p;
    },
  };
  try {
    return fn(heap);
  } finally {
    for (const p of owned) M._free(p);
  }
}

const copyFloats = (M, p, n) => new Float32Array(M.HEAPU8.buffer, p, n).slice();

// ------------------------------------------------------------------ audio

/** Decodes a WAV file held in memory (channels averaged to mono). */
export async function decodeWav(bytes) {
  const M = await core();
  const b = toBytes(bytes);
  return withHeap(M, 4 + 8, (h) => {
    const p = h.copyIn(b);
    const [samplesP, nP, fmtP, info] = [h.slot(0), h.slot(1), h.slot(2), h.slot(4)];
    check(M, M._hsw_wav_decode(p, b.length, samplesP, nP, info, fmtP));
    const s = h.own(u32(M, samplesP));
    const samples = copyFloats(M, s, u32(M, nP));
    return {
      samples,
      sampleRate: f64(M, info, 0),
      info: {
        sample_rate: f64(M, info, 0),
        channels: f64(M, info, 1),
        bits: f64(M, info, 2),
        format: M.UTF8ToString(u32(M, fmtP)),
        format_code: f64(M, info, 3),
        frames: f64(M, info, 4),
        duration_s: f64(M, info, 5),
        truncated: f64(M, info, 6) !== 0,
        extensible: f64(M, info, 7) !== 0,
      },
    };
  });
}

/** Encodes mono float samples in [-1, 1] as a 16-bit PCM mono WAV. */
export async function encodeWav(samples, sampleRate) {
  const M = await core();
  const x = toFloat32(samples);
  checkRate(sampleRate);
  return withHeap(M, 2, (h) => {
    const p = h.copyIn(x);
    check(M, M._hsw_wav_encode(p, x.length, sampleRate, h.slot(0), h.slot(1)));
    const out = h.own(u32(M, h.slot(0)));
    return M.HEAPU8.slice(out, out + u32(M, h.slot(1)));
  });
}

/** The PCG preprocessing every model uses: resample to 2 kHz, band-pass, normalise. */
export async function preprocess(samples, sampleRate) {
  const M = await core();
  const x = toFloat32(samples);
  checkRate(sampleRate);
  return withHeap(M, 3, (h) => {
    const p = h.copyIn(x);
    check(M, M._hsw_preprocess(p, x.length, sampleRate, h.slot(0), h.slot(1), h.slot(2)));
    const y = h.own(u32(M, h.slot(0)));
    return { samples: copyFloats(M, y, u32(M, h.slot(1))), sampleRate: i32(M, h.slot(2)) };
  });
}

let melParams = null;

function defaultMelParams(M) {
  if (!melParams) {
    melParams = withHeap(M, 0, (h) => {
      const cap = 4096;
      const buf = h.own(malloc(M, cap));
      M._hsw_melspec_default_json(buf, cap);
      return JSON.parse(M.UTF8ToString(buf));
    });
  }
  return melParams;
}

/** Preprocessing + the default log-mel: data holds frames*mels floats, frame-major. */
export async function features(samples, sampleRate) {
  const M = await core();
  const x = toFloat32(samples);
  checkRate(sampleRate);
  const params = defaultMelParams(M);
  return withHeap(M, 3, (h) => {
    const p = h.copyIn(x);
    check(M, M._hsw_features(p, x.length, sampleRate, h.slot(0), h.slot(1), h.slot(2)));
    const f = h.own(u32(M, h.slot(0)));
    const frames = u32(M, h.slot(1));
    const mels = i32(M, h.slot(2));
    return {
      data: copyFloats(M, f, frames * mels),
      frames,
      mels,
      sampleRate: params.sample_rate,
      hopSeconds: params.hop_length / params.sample_rate,
      params: { ...params },
    };
  });
}

// ------------------------------------------------------------------ classifier

// Reads a model from a URL: the file system under Node (file: URLs), fetch elsewhere, reporting progress.
async function loadBytes(url, onProgress) {
  const report = (loaded, total) => onProgress?.({ phase: 'download', loaded, total });
  if (IS_NODE && url.protocol === 'file:') {
    const bytes = new Uint8Array(await (await import('node:fs/promises')).readFile(url));
    report(bytes.length, bytes.length);
    return bytes;
  }
  const res = await fetch(url);
  if (!res.ok) throw new HeartsoundError('HS_ERR_IO', `cannot load model ${url.href}: HTTP ${res.status}`);
  const total = Number(res.headers.get('content-length')) || 0;
  if (!res.body) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    report(bytes.length, bytes.length);
    return bytes;
  }
  const chunks = [];
  let loaded = 0;
  for (const reader = res.body.getReader(); ;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    report(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let off = 0;
  for (const c of chunks) { bytes.set(c, off); off += c.length; }
  return bytes;
}

function modelSource(model) {
  if (model instanceof Uint8Array || model instanceof ArrayBuffer || ArrayBuffer.isView(model)) return toBytes(model);
  if (model instanceof URL) return model;
  if (typeof model === 'string') return new URL(MODEL_FILES[model] ?? model, import.meta.url);
  throw new HeartsoundError('HS_ERR_ARG', 'model must be "cnn", "yamnet", a URL string or the model bytes');
}

/** Loads a model (.hsm) and returns a classifier bound to it; call destroy() to free it. */
export async function createClassifier({ model = 'cnn', onProgress } = {}) {
  const M = await core();
  if (typeof M._hsw_classifier_load !== 'function') {
    throw new HeartsoundError('HS_ERR_UNSUPPORTED', 'this build has no classifier');
  }
  const src = modelSource(model);
  let bytes = src;
  if (!(src instanceof Uint8Array)) {
    try {
      bytes = await loadBytes(src, onProgress);
    } catch (e) {
      throw e instanceof HeartsoundError ? e : new HeartsoundError('HS_ERR_IO', `cannot load model ${src.href}: ${e.message}`);
    }
  }
  onProgress?.({ phase: 'init', loaded: bytes.length, total: bytes.length });
  let handle = 0;
  const info = withHeap(M, 3, (h) => {
    const p = h.copyIn(bytes);
    check(M, M._hsw_classifier_load(p, bytes.length, h.slot(2)));
    handle = u32(M, h.slot(2));
    M._hsw_classifier_info(handle, h.slot(0));
    return { minSeconds: f64(M, h.slot(0), 0), threshold: f64(M, h.slot(0), 1) };
  });
  const name = M.UTF8ToString(M._hsw_classifier_name(handle));
  onProgress?.({ phase: 'ready', loaded: bytes.length, total: bytes.length });

  const classifier = {
    name,
    // from the model file; a model without one reports the threshold of its first result
    threshold: Number.isNaN(info.threshold) ? null : info.threshold,
    minSeconds: info.minSeconds,
    classify(samples, sampleRate) {
      if (!handle) throw new HeartsoundError('HS_ERR_ARG', 'classifier was destroyed');
      const x = toFloat32(samples);
      checkRate(sampleRate);
      const t0 = performance.now();
      return withHeap(M, 4 + 2, (h) => {
        const p = h.copyIn(x);
        const [res, winP, nP] = [h.slot(0), h.slot(4), h.slot(5)];
        check(M, M._hsw_classify(handle, p, x.length, sampleRate, res, winP, nP));
        const w = h.own(u32(M, winP));
        const n = u32(M, nP);
        const windows = [];
        for (let i = 0; i < n; i++) {
          windows.push({ t0: f64(M, w, 3 * i), t1: f64(M, w, 3 * i + 1), p: f64(M, w, 3 * i + 2) });
        }
        const pAbnormal = f64(M, res, 1);
        classifier.threshold ??= f64(M, res, 2);
        return {
          label: f64(M, res, 0) !== 0 ? 'abnormal' : 'normal',
          pAbnormal,
          threshold: f64(M, res, 2),
          windows,
          model: name,
          ms: performance.now() - t0,
        };
      });
    },
    destroy() {
      if (handle) M._hsw_classifier_destroy(handle);
      handle = 0;
    },
  };
  return classifier;
}
